package dev.aiproxy.api.error;

/** The client's key is missing or unknown (HTTP 401). */
public final class AuthenticationException extends GatewayException {
    public AuthenticationException(String message) {
        super(401, ErrorType.AUTHENTICATION, message, "invalid_api_key", null, null, null);
    }
}
