package dev.aiproxy.routing.config.internal;

import java.util.Locale;
import java.util.Set;

/**
 * A configured header value that copies a header of the client's request, as in CLIProxyAPI: {@code X-Session:
 * "$X-Claude-Code-Session-Id"} sends the client's {@code X-Claude-Code-Session-Id} as {@code X-Session}, or nothing
 * when the client did not send it.
 *
 * @param source the client header copied
 */
public record HeaderReference(String source) {
    /**
     * The headers clients authenticate with (the server reads the gateway's client key from the first three), and the
     * one that carries the management secret. Copying one would hand a secret to an upstream, so no reference may
     * name them.
     */
    public static final Set<String> CLIENT_KEY_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key",
            "api-key", "proxy-authorization", "x-gateway-debug");

    public HeaderReference {
        if (!isHeaderName(source)) {
            throw new IllegalArgumentException("'$' must be followed by the name of the client header to copy, such "
                    + "as \"$X-Session-Id\"; got \"$" + source + "\"");
        }
        if (CLIENT_KEY_HEADERS.contains(source.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("\"$" + source + "\" would copy the client's own key upstream; the "
                    + "client headers Authorization, x-api-key, x-goog-api-key, api-key, Proxy-Authorization and "
                    + "X-Gateway-Debug cannot be copied");
        }
    }

    /** Whether a configured value is a reference rather than a value to send. */
    public static boolean isReference(String value) {
        return value.startsWith("$");
    }

    /**
     * The reference a configured value makes.
     *
     * @throws IllegalArgumentException when the value is not a reference, names no valid header, or names a header
     *     clients send their key in
     */
    public static HeaderReference parse(String value) {
        if (!isReference(value)) {
            throw new IllegalArgumentException("not a header reference: it does not start with '$'");
        }
        return new HeaderReference(value.substring(1).strip());
    }

    /** An RFC 9110 token. */
    static boolean isHeaderName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
