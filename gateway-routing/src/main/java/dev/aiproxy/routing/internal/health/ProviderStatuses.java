package dev.aiproxy.routing.internal.health;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.CredentialCooldowns.Cooldown;
import dev.aiproxy.routing.HealthCheckResult;
import dev.aiproxy.routing.HealthReport.Status;
import dev.aiproxy.routing.KeyStatus;
import dev.aiproxy.routing.ProviderStatus;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.Route;
import dev.aiproxy.routing.internal.table.RoutingTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the admin API's view of every provider entry and its keys from the live table, the cooldowns, the recent
 * traffic, the last health checks and the passive health of each candidate.
 */
public final class ProviderStatuses {
    private ProviderStatuses() {
    }

    public static List<ProviderStatus> of(RoutingTable table, CredentialCooldowns cooldowns, TrafficStats traffic,
            HealthChecker checks, HealthTracker passive) {
        Map<String, List<Cooldown>> cooling = new HashMap<>();
        for (Cooldown c : cooldowns.active()) {
            cooling.computeIfAbsent(c.credential(), k -> new ArrayList<>()).add(c);
        }
        Map<String, Set<String>> failing = failingModels(table, passive);
        List<ProviderStatus> out = new ArrayList<>();
        for (ProviderConfig entry : table.providers().keySet()) {
            List<KeyStatus> keys = new ArrayList<>();
            int enabled = 0;
            int down = 0;
            int partly = 0;
            for (Credential credential : entry.credentials()) {
                String identity = credential.identity(entry.name());
                KeyStatus key = key(entry, credential, cooling.getOrDefault(identity, List.of()),
                        failing.getOrDefault(identity, Set.of()), traffic.of(identity), checks.result(identity));
                keys.add(key);
                if (key.health() != null) {
                    enabled++;
                    down += key.health() == Status.DOWN ? 1 : 0;
                    partly += key.health() == Status.DEGRADED ? 1 : 0;
                }
            }
            // an entry whose keys are all disabled cannot serve
            Status health = down == enabled ? Status.DOWN
                    : down > 0 || partly > 0 ? Status.DEGRADED : Status.HEALTHY;
            out.add(new ProviderStatus(entry.name(), entry.type(), health,
                    table.config().healthChecks().get(entry.name()), keys));
        }
        return out;
    }

    private static KeyStatus key(ProviderConfig entry, Credential credential, List<Cooldown> cooldowns,
            Set<String> failingModels, KeyStatus.Traffic traffic, HealthCheckResult check) {
        List<ModelMapping> models = entry.modelsOf(credential);
        boolean rejected = cooldowns.stream().anyMatch(c -> c.reason() == CredentialCooldowns.Reason.REJECTED);
        KeyStatus.State state = credential.policy().disabled() ? KeyStatus.State.DISABLED
                : rejected ? KeyStatus.State.REJECTED
                : cooldowns.isEmpty() ? KeyStatus.State.ACTIVE : KeyStatus.State.COOLING;
        Status health = switch (state) {
            case DISABLED -> null;
            case REJECTED -> Status.DOWN;
            case ACTIVE, COOLING -> {
                Set<String> out = new HashSet<>(failingModels);
                cooldowns.forEach(c -> out.add(c.model()));
                if (check != null && !check.healthy() || !models.isEmpty() && out.size() >= models.size()) {
                    yield Status.DOWN;
                }
                yield out.isEmpty() ? Status.HEALTHY : Status.DEGRADED;
            }
        };
        return new KeyStatus(credential.id(), credential.apiKey() == null ? null : credential.apiKey().masked(),
                credential.apiKey() == null ? null : credential.apiKey().fingerprint(), models,
                credential.policy().weight(), state, cooldowns, health, traffic, check);
    }

    /** The upstream models whose most recent call failed, by key identity. */
    private static Map<String, Set<String>> failingModels(RoutingTable table, HealthTracker passive) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Route route : table.registry().routes()) {
            for (Candidate c : route.candidates()) {
                if (passive.isFailing(c)) {
                    out.computeIfAbsent(c.credential().identity(c.providerName()), k -> new HashSet<>())
                            .add(c.upstreamModel());
                }
            }
        }
        return out;
    }
}
