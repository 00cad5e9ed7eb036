package dev.aiproxy.routing.internal.health;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.HealthReport;
import dev.aiproxy.routing.HealthReport.Status;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.Route;
import dev.aiproxy.routing.internal.table.RoutingTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link HealthReport}: a candidate is out when it is cooling down, its most recent call failed or its key's
 * most recent active health check failed; a model
 * or provider is down when all its candidates are out, degraded when some are.
 */
public final class HealthReports {
    private HealthReports() {
    }

    public static HealthReport of(RoutingTable table, HealthTracker health, CredentialCooldowns cooldowns,
            HealthChecker checks) {
        Map<String, Status> models = new LinkedHashMap<>();
        Map<String, int[]> providers = new LinkedHashMap<>();
        table.providers().values().forEach(p -> providers.put(p.config().name(), new int[2]));
        for (Route route : table.registry().routes()) {
            int out = 0;
            for (Candidate c : route.candidates()) {
                String key = c.credential().identity(c.providerName());
                dev.aiproxy.routing.HealthCheckResult check = checks.result(key);
                boolean isOut = health.isFailing(c) || cooldowns.blocked(key, c.upstreamModel()).isPresent()
                        || check != null && !check.healthy();
                out += isOut ? 1 : 0;
                int[] counts = providers.get(c.providerName());
                counts[0]++;
                counts[1] += isOut ? 1 : 0;
            }
            models.put(route.model(), status(out, route.candidates().size()));
        }
        Map<String, Status> byProvider = new LinkedHashMap<>();
        providers.forEach((name, counts) -> byProvider.put(name, status(counts[1], counts[0])));
        return new HealthReport(ordered(table, models), byProvider);
    }

    private static Map<String, Status> ordered(RoutingTable table, Map<String, Status> models) {
        Map<String, Status> out = new LinkedHashMap<>();
        table.registry().models().forEach(m -> out.put(m.id(), models.get(m.id())));
        return out;
    }

    private static Status status(int out, int all) {
        if (all == 0 || out == 0) {
            return Status.HEALTHY;
        }
        return out == all ? Status.DOWN : Status.DEGRADED;
    }
}
