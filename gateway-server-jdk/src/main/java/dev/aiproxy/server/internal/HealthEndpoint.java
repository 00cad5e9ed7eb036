package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"healthy"}} when every model has a working credential, else 503
 * {@code {"status":"degraded","unavailable_models":[...]}}. Open without a key, for load balancers.
 */
final class HealthEndpoint {
    private HealthEndpoint() {
    }

    static Endpoint of(Gateway gateway) {
        return new Endpoint("GET", ApiFormat.OPENAI_CHAT, false, (exchange, config) -> {
            HealthReport report = gateway.health();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.healthy() ? "healthy" : "degraded");
            body.put("models", report.models());
            if (!report.healthy()) {
                body.put("unavailable_models", report.unavailableModels());
            }
            return JsonBodies.json(report.healthy() ? 200 : 503, body);
        });
    }
}
