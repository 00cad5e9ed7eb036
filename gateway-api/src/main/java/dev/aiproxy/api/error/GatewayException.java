package dev.aiproxy.api.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure the gateway reports to its caller: an HTTP status, a provider-neutral {@link ErrorType}, a message that
 * never contains a secret, and optionally how long to wait before retrying.
 */
public abstract class GatewayException extends RuntimeException {
    private final int status;
    private final ErrorType errorType;
    private final String code;
    private final String param;
    private final Duration retryAfter;

    protected GatewayException(int status, ErrorType errorType, String message, String code, String param,
            Duration retryAfter, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.errorType = errorType;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status a client receives. */
    public int status() {
        return status;
    }

    /** The provider-neutral kind of error. */
    public ErrorType errorType() {
        return errorType;
    }

    /** A machine-readable code such as {@code model_not_found}, when there is one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The request field at fault, when one is. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** How long the client should wait before it retries, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
