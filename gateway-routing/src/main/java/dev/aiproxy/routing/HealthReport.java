package dev.aiproxy.routing;

import java.util.List;
import java.util.Map;

/**
 * Whether the gateway can serve its models now, from recent outcomes and cooldowns.
 *
 * @param models every routed model and its status, in config order
 * @param providers every provider entry and its status
 */
public record HealthReport(Map<String, Status> models, Map<String, Status> providers) {

    /** How much of a model or provider can serve. */
    public enum Status {
        /** Every credential can serve. */
        HEALTHY,
        /** Some credentials are cooling down or failing; others serve. */
        DEGRADED,
        /** No credential can serve right now. */
        DOWN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HealthReport {
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
    }

    /** The models no credential can serve now. */
    public List<String> unavailableModels() {
        return models.entrySet().stream().filter(e -> e.getValue() == Status.DOWN).map(Map.Entry::getKey).toList();
    }

    /** Whether every model can be served. */
    public boolean healthy() {
        return unavailableModels().isEmpty();
    }
}
