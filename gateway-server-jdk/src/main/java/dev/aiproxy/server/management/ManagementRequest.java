package dev.aiproxy.server.management;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.internal.RequestBodies;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to the management API, admitted by the {@link ManagementGuard}: its exchange, the config live when it
 * arrived, the route's path parameters and the query's parameters.
 */
public record ManagementRequest(HttpExchange exchange, GatewayConfig config, Map<String, String> pathParams,
        Map<String, String> query) {
    /** The largest body a management request may send (a config file, a client). */
    static final long MAX_BODY = 4L * 1024 * 1024;

    public ManagementRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    /** A path parameter of the route ({@code name} in {@code /clients/{name}}). */
    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter '" + name + "'");
        }
        return value;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** A request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The JSON body as {@code type}; unknown fields are refused.
     *
     * @throws InvalidRequestException naming the field at fault (its {@code param}) when the body does not fit
     */
    public <T> T body(Class<T> type) {
        return ManagementJson.read(RequestBodies.read(exchange, MAX_BODY), type);
    }

    /** The query string's parameters, decoded; a repeated name keeps its first value. */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("the query string has a bad escape: " + pair, null, e);
            }
        }
        return params;
    }
}
