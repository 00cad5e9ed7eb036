package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.config.ClientConfig;

/**
 * Who sent a request, once authenticated, and a view of the request's headers (for headers copied upstream and
 * payload rules that match on them). Built by the server per request; in-process calls use {@link #ANONYMOUS}.
 *
 * @param debug whether this request's bodies are logged (redacted): {@code debug: true}, or the management secret
 *     holder asked for it
 * @param requestId the id the server gave the request and sent back as {@code x-request-id}, or null to have the
 *     gateway make one ({@link RequestIds})
 */
public record RequestContext(ClientConfig client, HeaderLookup headers, boolean debug, String requestId) {

    /** A request's headers, looked up by name without regard to case. */
    @FunctionalInterface
    public interface HeaderLookup {
        /** The first value of the header, or null. */
        String first(String name);

        HeaderLookup NONE = name -> null;
    }

    /** No key needed, no headers: everything allowed. */
    public static final RequestContext ANONYMOUS = new RequestContext(ClientConfig.ANONYMOUS, HeaderLookup.NONE,
            false, null);

    public RequestContext {
        requireNonNull(client, "client");
        requireNonNull(headers, "headers");
    }

    public RequestContext(ClientConfig client, HeaderLookup headers) {
        this(client, headers, false, null);
    }

    public RequestContext(ClientConfig client, HeaderLookup headers, boolean debug) {
        this(client, headers, debug, null);
    }

    /** A context for a typed call made as {@code client}, with no headers. */
    public static RequestContext of(ClientConfig client) {
        return new RequestContext(client, HeaderLookup.NONE, false, null);
    }
}
