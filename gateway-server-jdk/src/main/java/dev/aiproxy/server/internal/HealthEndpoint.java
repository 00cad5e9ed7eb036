package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"healthy",...}} when every model has a credential that can serve, else 503
 * {@code {"status":"degraded","unavailable_models":[...],...}}; with each model's and provider's status (healthy,
 * degraded: some credentials cooling or failing, down). Open without a key, for load balancers.
 */
final class HealthEndpoint {
    private HealthEndpoint() {
    }

    static Endpoint of(Gateway gateway) {
        return new Endpoint("GET", ApiFormat.OPENAI_CHAT, false, (exchange, config, context) -> {
            HealthReport report = gateway.health();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.healthy() ? "healthy" : "degraded");
            if (!report.healthy()) {
                body.put("unavailable_models", report.unavailableModels());
            }
            Map<String, String> models = new LinkedHashMap<>();
            report.models().forEach((k, v) -> models.put(k, v.id()));
            Map<String, String> providers = new LinkedHashMap<>();
            report.providers().forEach((k, v) -> providers.put(k, v.id()));
            body.put("models", models);
            body.put("providers", providers);
            return JsonBodies.json(report.healthy() ? 200 : 503, body);
        });
    }
}
