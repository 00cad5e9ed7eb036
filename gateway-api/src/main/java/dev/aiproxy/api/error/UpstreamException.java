package dev.aiproxy.api.error;

import java.time.Duration;

/**
 * An upstream provider failed or answered with an error. {@link #status()} is what the client receives; {@link
 * #upstreamStatus()} is what the provider said (0 when no HTTP answer came at all, such as a refused connection).
 */
public final class UpstreamException extends GatewayException {
    private final int upstreamStatus;
    private final boolean retryable;

    public UpstreamException(int status, ErrorType type, String message, String code, int upstreamStatus,
            boolean retryable, Duration retryAfter, Throwable cause) {
        super(status, type, message, code, null, retryAfter, cause);
        this.upstreamStatus = upstreamStatus;
        this.retryable = retryable;
    }

    /** A 502 for an upstream that answered something the gateway cannot read. */
    public static UpstreamException badGateway(String message, Throwable cause) {
        return new UpstreamException(502, ErrorType.UPSTREAM, message, "bad_upstream_response", 0, false, null, cause);
    }

    /** A 502 for an upstream that could not be reached at all; another credential or provider may succeed. */
    public static UpstreamException unreachable(String message, Throwable cause) {
        return new UpstreamException(502, ErrorType.UPSTREAM, message, "upstream_unreachable", 0, true, null, cause);
    }

    /**
     * A 502 for an error event an upstream sent in the middle of a stream it had begun with 200: the client's
     * stream ends with it, in the client's format.
     *
     * @param code the upstream's own error type or code, or null
     */
    public static UpstreamException midStream(ErrorType type, String message, String code, boolean retryable) {
        return new UpstreamException(502, type, "upstream stream failed: " + message, code, 200, retryable, null,
                null);
    }

    /**
     * A 502 for an upstream stream that ended cleanly before its format's end: the answer may be cut short, and a
     * client must not be told it is whole.
     *
     * @param missing what never came, such as "response.completed"
     */
    public static UpstreamException cutShort(String missing) {
        return badGateway("upstream stream ended before " + missing + ": the answer may be cut short", null);
    }

    /** A copy that tells the client when to retry; the message, status and cause stay. */
    public UpstreamException withRetryAfter(Duration retryAfter) {
        return new UpstreamException(status(), errorType(), getMessage(), code().orElse(null), upstreamStatus,
                retryable, retryAfter, getCause());
    }

    /** The status the upstream answered with, or 0 when there was no HTTP answer. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Whether another attempt (another credential, later) may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
