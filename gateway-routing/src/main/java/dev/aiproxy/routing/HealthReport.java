package dev.aiproxy.routing;

import java.util.List;

/**
 * Whether the gateway can serve its models now.
 *
 * @param models how many models are routed
 * @param unavailableModels the models whose every credential failed its most recent call
 */
public record HealthReport(int models, List<String> unavailableModels) {
    public HealthReport {
        unavailableModels = List.copyOf(unavailableModels);
    }

    public boolean healthy() {
        return unavailableModels.isEmpty();
    }
}
