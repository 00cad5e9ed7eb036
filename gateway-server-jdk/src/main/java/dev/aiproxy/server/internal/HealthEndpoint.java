package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.HealthReport;
import dev.aiproxy.routing.usage.UsageStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"healthy",...}} when every model has a credential that can serve and the
 * usage store writes, else 503 {@code {"status":"degraded","unavailable_models":[...],...}}; with each model's and
 * provider's status (healthy, degraded: some credentials cooling or failing, down), the models that answered but have
 * no price ({@code unpriced_models}), and the usage store's state ({@code usage}: queued, dropped, written records).
 * Open without a key, for load balancers; it names no client and no cost.
 */
final class HealthEndpoint {
    private HealthEndpoint() {
    }

    static Endpoint of(Gateway gateway) {
        return new Endpoint("GET", ApiFormat.OPENAI_CHAT, false, (exchange, config, context) -> {
            HealthReport report = gateway.health();
            UsageStore.Status usage = gateway.usageStatus().orElse(null);
            boolean healthy = report.healthy() && (usage == null || usage.healthy());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", healthy ? "healthy" : "degraded");
            if (!report.healthy()) {
                body.put("unavailable_models", report.unavailableModels());
            }
            Map<String, String> models = new LinkedHashMap<>();
            report.models().forEach((k, v) -> models.put(k, v.id()));
            Map<String, String> providers = new LinkedHashMap<>();
            report.providers().forEach((k, v) -> providers.put(k, v.id()));
            body.put("models", models);
            body.put("providers", providers);
            body.put("unpriced_models", gateway.unpricedModels());
            if (usage != null) {
                Map<String, Object> store = new LinkedHashMap<>();
                // the kind only: /health is open without a key, and a path or a host is not its business
                store.put("store", usage.description().split(":", 2)[0]);
                store.put("status", usage.healthy() ? "healthy" : "degraded");
                store.put("queued", usage.queued());
                store.put("dropped", usage.dropped());
                store.put("written", usage.written());
                if (usage.lastError() != null) {
                    store.put("last_error", usage.lastError());
                }
                body.put("usage", store);
            }
            return JsonBodies.json(healthy ? 200 : 503, body);
        });
    }
}
