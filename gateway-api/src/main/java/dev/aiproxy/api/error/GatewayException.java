package dev.aiproxy.api.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure the gateway reports to its caller: an HTTP status, a provider-neutral {@link ErrorType}, a message that
 * never contains a secret, optionally how long to wait before retrying, and the headers the client's answer carries
 * (a rate limit's {@code x-ratelimit-*}, say).
 */
public abstract class GatewayException extends RuntimeException {
    private final int status;
    private final ErrorType errorType;
    private final String code;
    private final String param;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    protected GatewayException(int status, ErrorType errorType, String message, String code, String param,
            Duration retryAfter, Throwable cause) {
        this(status, errorType, message, code, param, retryAfter, Map.of(), cause);
    }

    /** @param headers sent to the client with the error, beside the status and the body; copied */
    protected GatewayException(int status, ErrorType errorType, String message, String code, String param,
            Duration retryAfter, Map<String, String> headers, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.errorType = errorType;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
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

    /**
     * Headers the client's answer carries besides the status and the error body; empty for most errors.
     * {@code Retry-After} is not among them: it comes from {@link #retryAfter()}.
     */
    public Map<String, String> headers() {
        return headers;
    }
}
