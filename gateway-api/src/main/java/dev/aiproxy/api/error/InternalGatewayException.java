package dev.aiproxy.api.error;

/** A bug or unexpected state inside the gateway (HTTP 500); the message says what failed, never a secret. */
public final class InternalGatewayException extends GatewayException {
    public InternalGatewayException(String message, Throwable cause) {
        super(500, ErrorType.INTERNAL, message, "internal_error", null, null, cause);
    }
}
