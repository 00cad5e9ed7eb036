package dev.aiproxy.api.error;

import java.time.Duration;

/** The upstream did not answer, or stopped sending, within its timeout (HTTP 504). */
public final class UpstreamTimeoutException extends GatewayException {
    public UpstreamTimeoutException(String what, Duration timeout, Throwable cause) {
        super(504, ErrorType.TIMEOUT, "upstream " + what + " timed out after " + timeout.toMillis() + " ms",
                "upstream_timeout", null, null, cause);
    }
}
