package dev.aiproxy.server.management;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.MethodNotAllowedException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /metrics}: the server's registry in Prometheus's text exposition format (0.0.4), or in OpenMetrics 1.0
 * when the scraper's {@code Accept} asks for it (as Prometheus does). Outside the management API's prefix because
 * that is where every scraper looks by default, but guarded by the same {@link ManagementGuard} (so 404 without a
 * management secret), unless the config says {@code metrics.public: true} for a scraper on a trusted network.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    /** Prometheus's text format, which every scraper reads. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final ManagementGuard guard;
    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(ManagementGuard guard, PrometheusMeterRegistry registry) {
        this.guard = guard;
        this.registry = registry;
    }

    /** Whether a path is this endpoint's. */
    public static boolean owns(String path) {
        return path.equals(PATH);
    }

    /**
     * Writes the registry out.
     *
     * @throws dev.aiproxy.api.error.GatewayException what the guard refuses with, or 405 for a method but GET
     */
    public GatewayResponse serve(HttpExchange exchange, GatewayConfig config) {
        if (!config.metrics().publicEndpoint()) {
            guard.admit(config.management(), exchange.getRemoteAddress().getAddress(), exchange.getRequestHeaders(),
                    PATH);
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            throw new MethodNotAllowedException("Method " + method + " is not allowed on " + PATH + "; use GET");
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        // Prometheus asks for OpenMetrics first, then the text format; protobuf is never chosen, the registry
        // could write it but the text formats carry everything this registry has
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_FORMAT : TEXT_FORMAT;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            registry.scrape(body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the metrics failed", e);
        }
        return new GatewayResponse(200, Map.of("Content-Type", contentType, "Cache-Control", "no-store"),
                new GatewayResponse.Bytes(body.toByteArray()));
    }
}
