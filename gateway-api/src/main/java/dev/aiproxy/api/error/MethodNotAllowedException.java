package dev.aiproxy.api.error;

/** The path exists but not for this HTTP method (HTTP 405). */
public final class MethodNotAllowedException extends GatewayException {
    public MethodNotAllowedException(String message) {
        super(405, ErrorType.INVALID_REQUEST, message, "method_not_allowed", null, null, null);
    }
}
