package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.HealthReport;
import dev.aiproxy.routing.KeyStatus;
import dev.aiproxy.routing.ModelListStatus;
import dev.aiproxy.routing.ProviderStatus;
import dev.aiproxy.routing.state.StateStatus;
import dev.aiproxy.routing.usage.UsageStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"healthy",...}} when every model has a credential that can serve, the usage
 * store writes and the shared state answers; 200 {@code {"status":"degraded",...}} when every model can serve but the
 * usage store or the shared state is degraded (the instance serves on: an orchestrator that drained or restarted every
 * instance because their shared database or Redis is down would turn a degraded service into none); 503 {@code
 * {"status":"degraded","unavailable_models":[...],...}} when a model cannot be served here; with each model's and
 * provider's status (healthy, degraded: some credentials cooling or failing, down), the models that answered but have
 * no price ({@code unpriced_models}), the usage store's state ({@code usage}: queued, dropped, written records), the
 * shared state store's ({@code state}, with {@code state:}: degraded while this instance uses its local state), and
 * for each entry whose models are fetched from its upstream, how its latest fetch went ({@code model_lists}: a failed
 * one keeps the last good list, so it leaves the overall status alone).
 * With {@code ?keys=true}, each provider entry's keys by their id ({@code openai#0}): state, health and the last active
 * health check's outcome. Open without a key, for load balancers; it names no client, no cost and no key (not even
 * masked: the management API's {@code /health} shows those).
 */
final class HealthEndpoint {
    private HealthEndpoint() {
    }

    static Endpoint of(Gateway gateway) {
        return new Endpoint("GET", ApiFormat.OPENAI_CHAT, false, (exchange, config, context) -> {
            HealthReport report = gateway.health();
            UsageStore.Status usage = gateway.usageStatus().orElse(null);
            StateStatus state = gateway.stateStatus();
            boolean healthy = report.healthy() && (usage == null || usage.healthy()) && state.healthy();
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
            if (!gateway.modelLists().isEmpty()) {
                body.put("model_lists", modelLists(gateway));
            }
            if (wantsKeys(exchange.getRequestURI().getRawQuery())) {
                body.put("keys", keys(gateway));
            }
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
            if (state.shared()) {
                body.put("state", state(state));
            }
            return JsonBodies.json(report.healthy() ? 200 : 503, body);
        });
    }

    /**
     * The shared state store: its kind only (not its address, and never its password), whether it answers, and how
     * many calls this instance answered from its local state instead.
     */
    private static Map<String, Object> state(StateStatus state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("store", state.description().split(":", 2)[0]);
        out.put("status", state.healthy() ? "healthy" : "degraded");
        out.put("fallbacks", state.fallbacks());
        if (state.lastError() != null) {
            out.put("last_error", state.lastError());
        }
        return out;
    }

    /**
     * Per entry whose models are fetched: whether its latest fetch succeeded, how many models its last good list has
     * and when each happened. Not why it failed: that names a key (the management API's {@code /health} says it).
     */
    private static Map<String, Map<String, Object>> modelLists(Gateway gateway) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ModelListStatus list : gateway.modelLists()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", list.healthy() ? "healthy" : "failing");
            entry.put("models", list.models().size());
            entry.put("fetched_at", list.fetchedAt() == null ? null : list.fetchedAt().toString());
            entry.put("attempted_at", list.attemptedAt().toString());
            out.put(list.provider(), entry);
        }
        return out;
    }

    private static boolean wantsKeys(String query) {
        return query != null && java.util.Arrays.asList(query.split("&")).contains("keys=true");
    }

    /** Per provider entry, its keys by id: state, health, and whether its last active check passed. */
    private static Map<String, List<Map<String, Object>>> keys(Gateway gateway) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (ProviderStatus p : gateway.providers()) {
            List<Map<String, Object>> keys = new ArrayList<>();
            for (KeyStatus k : p.keys()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("id", k.id());
                key.put("state", k.state().id());
                key.put("status", k.health() == null ? null : k.health().id());
                if (k.lastCheck() != null) {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("at", k.lastCheck().at().toString());
                    check.put("healthy", k.lastCheck().healthy());
                    check.put("status", k.lastCheck().status());
                    key.put("last_check", check);
                }
                keys.add(key);
            }
            out.put(p.name(), keys);
        }
        return out;
    }
}
