package dev.aiproxy.server.feed;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.HealthReport;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.state.StateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds what changed in the gateway's state since the last look: cooldowns that started or ended (a key the upstream
 * refused is a {@code key_disabled}), models or providers whose health changed, and the shared state store turning
 * degraded or healthy. The feed's ticker looks once a
 * second, comparing what {@code Gateway.cooldowns().active()} and {@code Gateway.health()} say with what they said
 * before, so the routing library needs no hook for it; a cooldown shorter than a second may go unseen. The first look
 * only takes note. Config reloads are told directly ({@link #reloaded}). Not thread-safe: the ticker's alone.
 */
final class StateChanges {
    private Map<String, CredentialCooldowns.Cooldown> cooldowns;
    private HealthReport health;
    private Boolean storeHealthy;

    /** A credential taken out of rotation for a model ({@code change}: cooldown_started or key_disabled). */
    public record CooldownStarted(String change, String time, String credential, String model, String reason,
            String until, String detail) {
    }

    /** A credential back in rotation for a model. */
    public record CooldownEnded(String change, String time, String credential, String model, String reason) {
    }

    /** A model's or a provider's health changed ({@code subject}: model or provider). */
    public record HealthChanged(String change, String time, String subject, String name, String from, String to) {
    }

    /**
     * The shared state store stopped answering ({@code state_store_degraded}: this instance uses its local state) or
     * answers again ({@code state_store_restored}).
     */
    public record StoreChanged(String change, String time, String store, long fallbacks, String lastError) {
    }

    /** A config file went live ({@code config_reloaded}) or was refused ({@code config_rejected}). */
    public record ConfigChanged(String change, String time, String sha256, List<String> problems,
            List<String> warnings) {
    }

    /** What changed since the last call. */
    List<Object> since(List<CredentialCooldowns.Cooldown> active, HealthReport now, Instant time) {
        List<Object> changes = new ArrayList<>();
        Map<String, CredentialCooldowns.Cooldown> current = new LinkedHashMap<>();
        for (CredentialCooldowns.Cooldown c : active) {
            current.put(c.credential() + "\u0000" + c.model(), c);
        }
        if (cooldowns != null) {
            current.forEach((key, c) -> {
                if (!cooldowns.containsKey(key)) {
                    boolean rejected = c.reason() == CredentialCooldowns.Reason.REJECTED;
                    changes.add(new CooldownStarted(rejected ? "key_disabled" : "cooldown_started", time.toString(),
                            c.credential(), c.model(), id(c.reason()),
                            c.until().equals(Instant.MAX) ? null : c.until().toString(), c.detail()));
                }
            });
            cooldowns.forEach((key, c) -> {
                if (!current.containsKey(key)) {
                    changes.add(new CooldownEnded("cooldown_ended", time.toString(), c.credential(), c.model(),
                            id(c.reason())));
                }
            });
        }
        if (health != null) {
            diff("model", health.models(), now.models(), time, changes);
            diff("provider", health.providers(), now.providers(), time, changes);
        }
        cooldowns = current;
        health = now;
        return changes;
    }

    private static void diff(String subject, Map<String, HealthReport.Status> before,
            Map<String, HealthReport.Status> after, Instant time, List<Object> changes) {
        after.forEach((name, status) -> {
            HealthReport.Status was = before.get(name);
            if (was != null && was != status) {
                changes.add(new HealthChanged("health_changed", time.toString(), subject, name, was.id(),
                        status.id()));
            }
        });
    }

    /** The event for the shared state store's health when it changed since the last look, else null. */
    StoreChanged store(StateStatus now, Instant time) {
        Boolean before = storeHealthy;
        storeHealthy = now.healthy();
        if (!now.shared() || before == null || before == now.healthy()) {
            return null;
        }
        return new StoreChanged(now.healthy() ? "state_store_restored" : "state_store_degraded", time.toString(),
                now.description().split(":", 2)[0], now.fallbacks(), now.lastError());
    }

    /** The event for a reload's outcome, or null for a file that had not changed. */
    static ConfigChanged reloaded(ReloadOutcome outcome, Instant time) {
        return switch (outcome.kind()) {
            case UNCHANGED -> null;
            case APPLIED -> new ConfigChanged("config_reloaded", time.toString(), outcome.sha256(), List.of(),
                    outcome.warnings().stream().map(ConfigProblem::toString).toList());
            case REJECTED -> new ConfigChanged("config_rejected", time.toString(),
                    outcome.sha256().isEmpty() ? null : outcome.sha256(),
                    outcome.problems().stream().map(ConfigProblem::toString).toList(),
                    outcome.warnings().stream().map(ConfigProblem::toString).toList());
        };
    }

    private static String id(CredentialCooldowns.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
