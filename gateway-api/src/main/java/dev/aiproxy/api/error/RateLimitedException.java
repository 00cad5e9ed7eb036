package dev.aiproxy.api.error;

import java.time.Duration;
import java.util.Map;

/** Too many requests: a client limit was hit, or every upstream credential is cooling down (HTTP 429). */
public final class RateLimitedException extends GatewayException {
    public RateLimitedException(String message, Duration retryAfter) {
        this(message, retryAfter, Map.of());
    }

    /** @param headers the limit's state for the client, such as OpenAI's {@code x-ratelimit-*} */
    public RateLimitedException(String message, Duration retryAfter, Map<String, String> headers) {
        super(429, ErrorType.RATE_LIMITED, message, "rate_limit_exceeded", null, retryAfter, headers, null);
    }
}
