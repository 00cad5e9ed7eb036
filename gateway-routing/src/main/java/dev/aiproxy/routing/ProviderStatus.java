package dev.aiproxy.routing;

import dev.aiproxy.routing.config.HealthCheck;
import java.util.List;

/**
 * One provider entry and its keys, as the admin API and {@code /health} show them.
 *
 * @param name the entry's name
 * @param type its provider type, such as {@code openai-compatible}
 * @param health HEALTHY when every enabled key can serve, DOWN when none can, DEGRADED between
 * @param healthCheck its active health check, or null when it has none
 * @param keys every key of the entry in config order, disabled ones included
 */
public record ProviderStatus(String name, String type, HealthReport.Status health, HealthCheck healthCheck,
        List<KeyStatus> keys) {
    public ProviderStatus {
        keys = List.copyOf(keys);
    }
}
