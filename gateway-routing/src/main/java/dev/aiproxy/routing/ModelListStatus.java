package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The model list the gateway fetched for a provider entry without {@code models:}, and how its most recent fetch went.
 * A failed fetch keeps the last good list.
 *
 * @param provider the entry's name
 * @param models the upstream model ids of the last good list, in the upstream's order; empty before the first one
 * @param fetchedAt when the last good list arrived, or null when none has yet
 * @param attemptedAt when the most recent fetch ended
 * @param error why the most recent fetch failed (redacted), or null when it succeeded
 */
public record ModelListStatus(String provider, List<String> models, Instant fetchedAt, Instant attemptedAt,
        String error) {
    public ModelListStatus {
        requireNonNull(provider, "provider");
        requireNonNull(attemptedAt, "attemptedAt");
        models = List.copyOf(models);
    }

    /** Whether the most recent fetch succeeded. */
    public boolean healthy() {
        return error == null;
    }

    /** This list, kept after a fetch that failed at {@code at} for {@code reason}. */
    public ModelListStatus failed(Instant at, String reason) {
        return new ModelListStatus(provider, models, fetchedAt, at, requireNonNull(reason, "reason"));
    }
}
