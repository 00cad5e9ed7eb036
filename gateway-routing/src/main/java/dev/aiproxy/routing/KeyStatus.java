package dev.aiproxy.routing;

import dev.aiproxy.api.spi.ModelMapping;
import java.time.Duration;
import java.util.List;

/**
 * One upstream key as the admin API shows it: never the key itself, only a masked form and its fingerprint.
 *
 * @param id the key's name in logs, such as {@code openai#0}; it follows the key's place in the config
 * @param maskedKey such as {@code sk-...abcd}; null for a key-less entry (a local server)
 * @param fingerprint the first 16 hex digits of the key's SHA-256, stable across reloads; null for a key-less entry
 * @param models the models this key serves (its own list, or its provider entry's)
 * @param weight its share under {@code weighted-round-robin}
 * @param state whether routing may use it now
 * @param cooldowns the cooldowns running for it, one per model (or one for every model when it was refused)
 * @param health HEALTHY, DEGRADED (cooling or failing for some models) or DOWN (refused, failing its health check,
 *     or out for every model); null for a disabled key
 * @param traffic its recent upstream attempts
 * @param lastCheck its most recent active health check, or null when none ran
 */
public record KeyStatus(String id, String maskedKey, String fingerprint, List<ModelMapping> models, int weight,
        State state, List<CredentialCooldowns.Cooldown> cooldowns, HealthReport.Status health, Traffic traffic,
        HealthCheckResult lastCheck) {

    public KeyStatus {
        models = List.copyOf(models);
        cooldowns = List.copyOf(cooldowns);
    }

    /** Whether routing may use a key now. */
    public enum State {
        /** In rotation. */
        ACTIVE,
        /** Out for one or more models until a time ({@link #cooldowns()} says which, until when and why). */
        COOLING,
        /** {@code disabled: true} in the config: listed, never routed to. */
        DISABLED,
        /** The upstream refused the key (401/403): out for every model until the config changes or it is cleared. */
        REJECTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A key's upstream attempts over a recent window. A failure is an attempt that failed for the upstream's or the
     * key's sake (429, 5xx, 401/403, a timeout, no connection); a refusal of the request itself (a 400) counts as
     * neither.
     *
     * @param window how far back it counts (five minutes)
     * @param successes attempts answered 2xx
     * @param failures attempts failed as said above
     * @param meanLatency the mean time from sending to the answer's status and headers, or null without attempts
     */
    public record Traffic(Duration window, long successes, long failures, Duration meanLatency) {
        /** Failures over attempts, 0 to 1; 0 without attempts. */
        public double errorRate() {
            long attempts = successes + failures;
            return attempts == 0 ? 0 : (double) failures / attempts;
        }
    }
}
