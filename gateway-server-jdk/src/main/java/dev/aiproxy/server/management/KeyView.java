package dev.aiproxy.server.management;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.HealthCheckResult;
import dev.aiproxy.routing.KeyStatus;
import dev.aiproxy.routing.ModelListStatus;
import dev.aiproxy.routing.ProviderStatus;
import dev.aiproxy.routing.config.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON views of provider entries and keys shared by {@code /providers} and {@code /health}: never a key, only its
 * masked form ({@code sk-...abcd}) and fingerprint; times as ISO-8601 text, durations in milliseconds.
 */
final class KeyView {
    private KeyView() {
    }

    /** One provider entry and its keys; {@code modelList} only for an entry whose models are fetched. */
    record Provider(String name, String type, String health, Check healthCheck, List<Key> keys,
            ModelList modelList) {
        static Provider of(ProviderStatus p, List<ModelListStatus> lists) {
            HealthCheck c = p.healthCheck();
            ModelList list = lists.stream().filter(l -> l.provider().equals(p.name())).findFirst()
                    .map(ModelList::of).orElse(null);
            return new Provider(p.name(), p.type(), p.health().id(), c == null ? null
                    : new Check(c.interval().toSeconds(), c.model(), c.model() == null ? "list-models"
                            : "list-models, or one-token:" + c.model() + " without a model list"),
                    p.keys().stream().map(Key::of).toList(), list);
        }
    }

    /**
     * The model list fetched from an entry's upstream: the last good one, and how the latest fetch went.
     *
     * @param status {@code healthy} when the latest fetch succeeded, else {@code failing} (the last list stays)
     * @param error why the latest fetch failed, redacted; null when it succeeded
     */
    record ModelList(String status, List<String> models, String fetchedAt, String attemptedAt, String error) {
        static ModelList of(ModelListStatus l) {
            return new ModelList(l.healthy() ? "healthy" : "failing", l.models(),
                    l.fetchedAt() == null ? null : l.fetchedAt().toString(), l.attemptedAt().toString(), l.error());
        }
    }

    /** An entry's active health check: how often, and with what call. */
    record Check(long intervalSeconds, String model, String call) {
    }

    /** One key. */
    record Key(String id, String maskedKey, String fingerprint, List<Model> models, int weight, String state,
            String health, List<Cooldown> cooldowns, Traffic traffic, LastCheck lastCheck) {
        static Key of(KeyStatus k) {
            return new Key(k.id(), k.maskedKey(), k.fingerprint(),
                    k.models().stream().map(m -> new Model(m.name(), m.alias())).toList(), k.weight(),
                    k.state().id(), k.health() == null ? null : k.health().id(),
                    k.cooldowns().stream().map(Cooldown::of).toList(), Traffic.of(k.traffic()),
                    LastCheck.of(k.lastCheck()));
        }
    }

    /** A model the key serves: the upstream's name, and the name clients use when it differs. */
    record Model(String name, String alias) {
    }

    /**
     * A cooldown; {@code until} is null for a key the upstream refused, which stays out until the config changes or
     * the cooldown is cleared, and {@code model} is null when it holds for every model.
     */
    record Cooldown(String model, String until, String reason, String detail) {
        static Cooldown of(CredentialCooldowns.Cooldown c) {
            return new Cooldown(c.model(), c.until() == null || c.until().equals(Instant.MAX) ? null
                    : c.until().toString(), c.reason().name().toLowerCase(java.util.Locale.ROOT), c.detail());
        }
    }

    /** The key's upstream attempts over the last {@code windowSeconds}. */
    record Traffic(long windowSeconds, long successes, long failures, double errorRate, Double meanLatencyMs) {
        static Traffic of(KeyStatus.Traffic t) {
            return new Traffic(t.window().toSeconds(), t.successes(), t.failures(),
                    Math.round(t.errorRate() * 10_000) / 10_000.0, millis(t.meanLatency()));
        }
    }

    /** The key's most recent active health check. */
    record LastCheck(String at, String call, boolean healthy, int status, String detail, Double latencyMs) {
        static LastCheck of(HealthCheckResult r) {
            return r == null ? null : new LastCheck(r.at().toString(), r.call(), r.healthy(), r.status(), r.detail(),
                    millis(r.latency()));
        }
    }

    private static Double millis(Duration d) {
        return d == null ? null : Math.round(d.toNanos() / 1_000.0) / 1_000.0;
    }
}
