package dev.aiproxy.api.error;

import java.time.Duration;

/** No credential can serve the request right now, though one will again ({@code Retry-After}) (HTTP 503). */
public final class ServiceUnavailableException extends GatewayException {
    public ServiceUnavailableException(String message, Duration retryAfter) {
        super(503, ErrorType.OVERLOADED, message, "no_available_credential", null, retryAfter, null);
    }
}
