package dev.aiproxy.api.error;

/** The client sent something the gateway cannot accept: malformed JSON, a missing or mistyped field (HTTP 400). */
public final class InvalidRequestException extends GatewayException {
    public InvalidRequestException(String message) {
        this(message, null, null);
    }

    public InvalidRequestException(String message, String param, Throwable cause) {
        super(400, ErrorType.INVALID_REQUEST, message, null, param, null, cause);
    }
}
