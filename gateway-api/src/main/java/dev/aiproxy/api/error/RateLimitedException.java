package dev.aiproxy.api.error;

import java.time.Duration;

/** Too many requests: a client limit was hit, or every upstream credential is cooling down (HTTP 429). */
public final class RateLimitedException extends GatewayException {
    public RateLimitedException(String message, Duration retryAfter) {
        super(429, ErrorType.RATE_LIMITED, message, "rate_limit_exceeded", null, retryAfter, null);
    }
}
