package dev.aiproxy.api.error;

import java.time.Duration;

/**
 * The gateway cannot serve the request now, though it may again later ({@code Retry-After}) (HTTP 503): no credential
 * is available, or the server is shutting down.
 */
public final class ServiceUnavailableException extends GatewayException {
    /** No credential can serve the request right now; code {@code no_available_credential}. */
    public ServiceUnavailableException(String message, Duration retryAfter) {
        this(message, "no_available_credential", retryAfter);
    }

    /**
     * @param code the machine-readable reason, such as {@code gateway_shutting_down}
     * @param retryAfter when to try again, or null when unknown
     */
    public ServiceUnavailableException(String message, String code, Duration retryAfter) {
        super(503, ErrorType.OVERLOADED, message, code, null, retryAfter, null);
    }
}
