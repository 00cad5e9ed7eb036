package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.ServiceUnavailableException;
import dev.aiproxy.api.error.UpstreamException;
import java.time.Duration;
import java.time.Instant;

/**
 * One round over a route's credentials ended with none able to answer. Carries what a further round would wait for
 * and what the client is told when no round is left. Internal control flow for the retry.
 */
final class RoundFailed extends RuntimeException {
    private final transient GatewayException lastError;
    private final Instant soonest;
    private final Duration soonestHint;
    private final boolean rateLimited;
    private final String model;
    private final Duration wait;

    /**
     * @param lastError the last attempt's error, or null when every credential was cooling down
     * @param soonest when the first credential is back, or null when none cools down
     * @param soonestHint the upstream's own retry delay for that credential, when this round's attempt set it; the
     *     client gets it unchanged rather than less the milliseconds that have passed since
     * @param wait how long a further round should wait
     */
    RoundFailed(GatewayException lastError, Instant soonest, Duration soonestHint, boolean rateLimited, String model,
            Duration wait) {
        super("no credential for '" + model + "' could answer", null, false, false);
        this.lastError = lastError;
        this.soonest = soonest;
        this.soonestHint = soonestHint;
        this.rateLimited = rateLimited;
        this.model = model;
        this.wait = wait;
    }

    GatewayException lastError() {
        return lastError;
    }

    Duration waitBeforeNextRound() {
        return wait;
    }

    /** The error for the client, with {@code Retry-After} set to the soonest recovery when there is one. */
    GatewayException clientError(Instant now) {
        Duration retryAfter = soonest == null || soonest.equals(Instant.MAX) ? null
                : soonestHint != null ? soonestHint
                : Duration.between(now, soonest).isNegative() ? Duration.ZERO : Duration.between(now, soonest);
        if (lastError instanceof UpstreamException upstream) {
            return retryAfter == null ? upstream : upstream.withRetryAfter(retryAfter);
        }
        if (lastError != null) {
            return lastError;
        }
        String when = retryAfter == null ? "" : "; the first is back in " + Math.max(1, retryAfter.toSeconds()) + " s";
        return rateLimited
                ? new RateLimitedException("every credential for '" + model + "' is rate limited" + when, retryAfter)
                : new ServiceUnavailableException("no credential for '" + model + "' is available" + when,
                        retryAfter);
    }
}
