package dev.aiproxy.server.internal;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;

/**
 * One route of the server: a method, the format its errors are written in, whether it needs a client key, and what
 * serves it.
 */
public record Endpoint(String method, ApiFormat errorFormat, boolean authenticated, EndpointHandler handler) {
    public Endpoint {
        requireNonNull(method, "method");
        requireNonNull(errorFormat, "errorFormat");
        requireNonNull(handler, "handler");
    }
}
