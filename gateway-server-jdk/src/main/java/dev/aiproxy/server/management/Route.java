package dev.aiproxy.server.management;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation of the management API: a method and a path under {@code /v0/management}, whose segments in braces
 * ({@code /clients/{name}/key}) are parameters, and what serves it.
 */
public record Route(String method, String path, Operation operation) {

    /** Serves one request; throws a {@link dev.aiproxy.api.error.GatewayException} for an error answer. */
    @FunctionalInterface
    public interface Operation {
        ManagementAnswer handle(ManagementRequest request);
    }

    public Route {
        requireNonNull(method, "method");
        requireNonNull(operation, "operation");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with '/': " + path);
        }
    }

    public static Route get(String path, Operation operation) {
        return new Route("GET", path, operation);
    }

    public static Route post(String path, Operation operation) {
        return new Route("POST", path, operation);
    }

    public static Route put(String path, Operation operation) {
        return new Route("PUT", path, operation);
    }

    public static Route patch(String path, Operation operation) {
        return new Route("PATCH", path, operation);
    }

    public static Route delete(String path, Operation operation) {
        return new Route("DELETE", path, operation);
    }

    /** The path's parameters when {@code segments} (the request path below the prefix, split) match it, else null. */
    Map<String, String> match(List<String> segments) {
        List<String> own = segments(path);
        if (own.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < own.size(); i++) {
            String pattern = own.get(i);
            if (pattern.startsWith("{") && pattern.endsWith("}")) {
                params.put(pattern.substring(1, pattern.length() - 1), segments.get(i));
            } else if (!pattern.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** A path's non-empty segments. */
    static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
