package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import java.util.List;
import java.util.Map;

/**
 * The request header limits: at most {@value #MAX_HEADERS} header lines and {@value #MAX_HEADER_BYTES} bytes of
 * names and values, far more than any SDK sends. A request over them gets 431 in its client's format. The JDK server's
 * own, higher limits (set by {@code GatewayServer}) only stop absurd requests, whose connection it closes.
 */
final class HeaderLimits {
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private HeaderLimits() {
    }

    /** @throws GatewayException 431 when the request's headers are over a limit */
    static void check(Headers headers) {
        int lines = 0;
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            int nameLength = header.getKey().length();
            for (String value : header.getValue()) {
                lines++;
                // name, ": ", value, CRLF
                bytes += nameLength + 4 + (value == null ? 0 : value.length());
            }
        }
        if (lines > MAX_HEADERS) {
            throw new TooLarge(lines + " header lines; the limit is " + MAX_HEADERS);
        }
        if (bytes > MAX_HEADER_BYTES) {
            throw new TooLarge(bytes + " bytes of headers; the limit is " + MAX_HEADER_BYTES);
        }
    }

    /** HTTP 431 Request Header Fields Too Large. */
    static final class TooLarge extends GatewayException {
        TooLarge(String what) {
            super(431, ErrorType.INVALID_REQUEST, "the request has " + what, "request_header_fields_too_large", null,
                    null, null);
        }
    }
}
