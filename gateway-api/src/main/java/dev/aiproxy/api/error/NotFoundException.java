package dev.aiproxy.api.error;

/** The path or resource the client asked for does not exist (HTTP 404). */
public final class NotFoundException extends GatewayException {
    public NotFoundException(String message) {
        super(404, ErrorType.NOT_FOUND, message, "not_found", null, null, null);
    }
}
