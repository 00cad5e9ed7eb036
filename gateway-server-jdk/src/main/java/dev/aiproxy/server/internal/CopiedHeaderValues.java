package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.config.GatewayConfig;

/**
 * Checks the client headers the config copies upstream ({@code X-Session: "$X-Session-Id"}) before the request is
 * routed: a value with a control character (NUL, DEL, ... ; the JDK server already splits lines at CR and LF) is not a
 * valid HTTP header value (RFC 9110, section 5.5: a recipient must reject it or replace it), and the upstream
 * transport would refuse to send it halfway through routing. Only the copied headers are looked at, so a config that
 * copies none costs nothing. Immutable; built per config snapshot.
 */
final class CopiedHeaderValues {
    private final String[] names;

    private CopiedHeaderValues(String[] names) {
        this.names = names;
    }

    static CopiedHeaderValues of(GatewayConfig config) {
        return new CopiedHeaderValues(config.copiedClientHeaders().toArray(String[]::new));
    }

    /** @throws InvalidRequestException naming the header and the character when a copied value is not valid */
    void check(Headers headers) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value == null) {
                continue;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                // the upstream transport's rule (UpstreamCall.Builder.header): no control character but HTAB; the
                // JDK server reads header bytes as ISO-8859-1, so nothing above U+00FF arrives
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new InvalidRequestException("the value of header " + name + " holds a control character "
                            + "(U+" + String.format("%04X", (int) c) + " at index " + i + "), which HTTP does not "
                            + "allow in a header value");
                }
            }
        }
    }
}
