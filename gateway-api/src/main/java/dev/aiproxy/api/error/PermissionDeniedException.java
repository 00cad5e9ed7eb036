package dev.aiproxy.api.error;

/** The client is known but not allowed to do this, such as use a model outside its list (HTTP 403). */
public final class PermissionDeniedException extends GatewayException {
    public PermissionDeniedException(String message) {
        super(403, ErrorType.PERMISSION, message, null, null, null, null);
    }
}
