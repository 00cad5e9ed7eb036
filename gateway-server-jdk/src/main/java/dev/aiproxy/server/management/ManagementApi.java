package dev.aiproxy.server.management;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.MethodNotAllowedException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.GatewayConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The management API under {@value #PREFIX}: admits a request through the {@link ManagementGuard}, finds its
 * {@link Route} among the resources', and writes the answer as JSON. Errors are OpenAI-shaped
 * ({@code {"error": {"message", "type", "param", "code"}}}), with {@code param} naming the field at fault; the caller
 * writes them. docs/management-api.md and {@code openapi.json} describe every route.
 */
public final class ManagementApi {
    public static final String PREFIX = "/v0/management";

    private final ManagementGuard guard;
    private final List<Route> routes;

    /** @param resources each gives its routes; the first route that matches a path and method serves it */
    public ManagementApi(ManagementGuard guard, List<Resource> resources) {
        this.guard = guard;
        List<Route> all = new ArrayList<>();
        for (Resource resource : resources) {
            all.addAll(resource.routes());
        }
        this.routes = List.copyOf(all);
    }

    /** What contributes routes to the API. */
    public interface Resource {
        List<Route> routes();
    }

    /** Every route, in the order they are matched. */
    public List<Route> routes() {
        return routes;
    }

    /** Whether a path is the management API's. */
    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * Serves one request.
     *
     * @throws dev.aiproxy.api.error.GatewayException the error to answer with
     */
    public GatewayResponse serve(HttpExchange exchange, GatewayConfig config) {
        String path = exchange.getRequestURI().getPath();
        guard.admit(config.management(), exchange.getRemoteAddress().getAddress(), exchange.getRequestHeaders(),
                path);
        List<String> segments = Route.segments(path.substring(PREFIX.length()));
        String method = exchange.getRequestMethod();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                ManagementRequest request = new ManagementRequest(exchange, config, params,
                        ManagementRequest.parseQuery(exchange.getRequestURI().getRawQuery()));
                return render(route.operation().handle(request));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw new NotFoundException("no management resource at " + path + "; see " + PREFIX
                    + "/openapi.json");
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new MethodNotAllowedException("Method " + method + " is not allowed on " + path + "; use "
                + String.join(" or ", allowed));
    }

    private static GatewayResponse render(ManagementAnswer answer) {
        return switch (answer) {
            case ManagementAnswer.Raw raw -> raw.response();
            case ManagementAnswer.Json json -> {
                Map<String, String> headers = new LinkedHashMap<>(json.headers());
                headers.put("Content-Type", "application/json");
                headers.put("Cache-Control", "no-store");
                yield new GatewayResponse(json.status(), headers,
                        new GatewayResponse.Bytes(ManagementJson.write(json.value())));
            }
        };
    }
}
