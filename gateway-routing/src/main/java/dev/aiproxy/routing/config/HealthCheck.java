package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A provider entry's active health check ({@code health-check:}): every {@code interval}, each of its enabled keys
 * makes one cheap call. The call is the provider's model list where it has one (OpenAI-compatible {@code GET /models},
 * Anthropic {@code GET /v1/models}, Gemini {@code GET /v1beta/models}), which costs nothing; else a request for one
 * output token to {@code model}, which does cost a token per key and interval.
 *
 * @param interval how often each key is checked; at least {@link #MIN_INTERVAL}
 * @param model the upstream model of the one-token request, for a provider without a model list; null otherwise
 */
public record HealthCheck(Duration interval, String model) {
    /** Checks more often than this would only load the upstream. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    public HealthCheck {
        requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("health-check.interval must be at least 5s, was " + interval);
        }
        model = model == null || model.isBlank() ? null : model.strip();
    }
}
