package dev.aiproxy.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one active health check of one key.
 *
 * @param provider the provider entry's name
 * @param key the key's id, such as {@code openai#0}
 * @param fingerprint the key's fingerprint, or null for a key-less entry
 * @param at when the check ended
 * @param call what was called: {@code list-models} or {@code one-token:<model>}
 * @param healthy whether the upstream answered 2xx
 * @param status the upstream's HTTP status, or 0 when no answer came
 * @param detail why it failed (the upstream's error, a timeout), or null when it passed; never the key
 * @param latency how long the call took to its status and headers
 */
public record HealthCheckResult(String provider, String key, String fingerprint, Instant at, String call,
        boolean healthy, int status, String detail, Duration latency) {
}
