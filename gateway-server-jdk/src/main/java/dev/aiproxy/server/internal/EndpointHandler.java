package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.config.GatewayConfig;

/**
 * Serves one endpoint. Handlers block; a streamed body in the result is written by the caller after they return.
 * A {@link dev.aiproxy.api.error.GatewayException} thrown here is written in the endpoint's error format.
 */
@FunctionalInterface
public interface EndpointHandler {
    /** @param context the authenticated client and the request's headers */
    GatewayResponse handle(HttpExchange exchange, GatewayConfig config, RequestContext context);
}
