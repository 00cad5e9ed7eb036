package dev.aiproxy.server.management;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.HealthReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: the gateway's health in full, for an operator: each model's status, and per provider entry and
 * per key the state, cooldowns, recent error rate and latency and last active health check. The open {@code /health}
 * of the server says less (no key names), for load balancers.
 */
public final class HealthResource implements ManagementApi.Resource {
    private final Gateway gateway;

    public HealthResource(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/health", this::health));
    }

    /**
     * @param status {@code healthy} when every model can be served, else {@code degraded}
     * @param unavailableModels the models no key can serve now
     * @param models each model's status: healthy, degraded or down
     */
    public record Health(String status, List<String> unavailableModels, Map<String, String> models,
            List<KeyView.Provider> providers) {
    }

    private ManagementAnswer health(ManagementRequest request) {
        HealthReport report = gateway.health();
        Map<String, String> models = new LinkedHashMap<>();
        report.models().forEach((k, v) -> models.put(k, v.id()));
        return ManagementAnswer.ok(new Health(report.healthy() ? "healthy" : "degraded", report.unavailableModels(),
                models, gateway.providers().stream().map(p -> KeyView.Provider.of(p, gateway.modelLists()))
                        .toList()));
    }
}
