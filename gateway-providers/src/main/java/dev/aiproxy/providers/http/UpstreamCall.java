package dev.aiproxy.providers.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One call to an upstream: a POST with a body (generation, token counts) or a GET without one (a model list), its URL
 * and headers, as a provider builds it for {@link UpstreamHttp#send}.
 *
 * @param method {@code POST} or {@code GET}
 * @param headers in the order set, each name once (matched without regard to case)
 * @param body empty for a GET
 */
public record UpstreamCall(String method, URI uri, List<Header> headers, byte[] body) {
    /**
     * Headers the transport sets itself (framing, connection management): a caller's value would break the
     * exchange or smuggle a second request into it.
     */
    static final Set<String> RESTRICTED = restricted("connection", "content-length", "expect", "host", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    /** Matched without regard to case and without lower-casing each name a call sets. */
    private static Set<String> restricted(String... names) {
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    public UpstreamCall {
        if (!"POST".equals(method) && !"GET".equals(method)) {
            throw new IllegalArgumentException("an upstream call is a POST or a GET, not " + method);
        }
        requireNonNull(uri, "uri");
        headers = List.copyOf(headers);
        requireNonNull(body, "body");
        if ("GET".equals(method) && body.length > 0) {
            throw new IllegalArgumentException("a GET carries no body");
        }
    }

    /** Whether the call sends a body (a POST). */
    public boolean hasBody() {
        return "POST".equals(method);
    }

    /** A header's name and value. */
    public record Header(String name, String value) {
        public Header {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    /** Starts a POST to {@code uri}. */
    public static Builder post(URI uri) {
        return new Builder("POST", requireNonNull(uri, "uri"));
    }

    /** Starts a GET of {@code uri}; finish it with {@link Builder#build()}. */
    public static Builder get(URI uri) {
        return new Builder("GET", requireNonNull(uri, "uri"));
    }

    /** Builds an {@link UpstreamCall}; not thread-safe. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final List<Header> headers = new ArrayList<>(8);

        private Builder(String method, URI uri) {
            this.method = method;
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("an upstream URL must be http or https with a host: " + uri);
            }
            this.uri = uri;
        }

        /**
         * Sets a header, replacing one of the same name set before.
         *
         * @throws IllegalArgumentException when the name is not a valid header name or one the transport sets
         *     itself, or the value holds a line break or another control character
         */
        public Builder header(String name, String value) {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
            if (!isToken(name)) {
                throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
            }
            if (RESTRICTED.contains(name)) {
                throw new IllegalArgumentException("the header " + name + " is set by the transport itself");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                    throw new IllegalArgumentException("invalid character (U+" + String.format("%04X", (int) c)
                            + ") in the value of header " + name);
                }
            }
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).name().equalsIgnoreCase(name)) {
                    headers.set(i, new Header(name, value));
                    return this;
                }
            }
            headers.add(new Header(name, value));
            return this;
        }

        /**
         * The call, with {@code body} as its content (not copied).
         *
         * @throws IllegalArgumentException when a GET is given a body that is not empty
         */
        public UpstreamCall body(byte[] body) {
            return new UpstreamCall(method, uri, headers, body);
        }

        /** The call without a body: a GET. */
        public UpstreamCall build() {
            return new UpstreamCall(method, uri, headers, new byte[0]);
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }
}
