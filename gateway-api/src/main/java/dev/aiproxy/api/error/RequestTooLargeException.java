package dev.aiproxy.api.error;

/** The request body is larger than the configured limit (HTTP 413). */
public final class RequestTooLargeException extends GatewayException {
    public RequestTooLargeException(long actualBytes, long maxBytes) {
        super(413, ErrorType.REQUEST_TOO_LARGE,
                "request body is " + (actualBytes < 0 ? "larger than " + maxBytes : actualBytes)
                        + " bytes; the limit is " + maxBytes + " bytes",
                "request_too_large", null, null, null);
    }
}
