package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the gateway routes around failures. The names follow CLIProxyAPI's {@code config.yaml}.
 *
 * @param strategy {@code routing.strategy}
 * @param requestRetry {@code request-retry}: rounds over the credentials after the first one
 * @param maxRetryCredentials {@code max-retry-credentials}: credentials tried per round; 0 means all
 * @param maxRetryInterval {@code max-retry-interval}: the longest the gateway waits for a cooling credential before a
 *     further round; zero never waits
 * @param disableCooling {@code disable-cooling}: failures never take a credential out of rotation
 * @param transientCooldown {@code transient-error-cooldown-seconds}: how long a 5xx, 408 or timeout cools a
 *     credential; zero disables transient cooldowns
 * @param forceModelPrefix {@code force-model-prefix}: an unprefixed model name reaches only unprefixed entries
 * @param fallbacks {@code fallbacks}: for a model, the models to try in order when it cannot answer
 */
public record Resilience(RoutingStrategy strategy, int requestRetry, int maxRetryCredentials,
        Duration maxRetryInterval, boolean disableCooling, Duration transientCooldown, boolean forceModelPrefix,
        Map<String, List<String>> fallbacks) {

    /** CLIProxyAPI's defaults, except a 5 s transient cooldown (its legacy 60 s outlives most blips). */
    public static final Resilience DEFAULTS = new Resilience(RoutingStrategy.ROUND_ROBIN, 3, 0, Duration.ofSeconds(30),
            false, Duration.ofSeconds(5), false, Map.of());

    public Resilience {
        requireNonNull(strategy, "strategy");
        if (requestRetry < 0) {
            throw new IllegalArgumentException("request-retry must not be negative, was " + requestRetry);
        }
        if (maxRetryCredentials < 0) {
            throw new IllegalArgumentException("max-retry-credentials must not be negative, was "
                    + maxRetryCredentials);
        }
        requireNonNull(maxRetryInterval, "maxRetryInterval");
        requireNonNull(transientCooldown, "transientCooldown");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fallbacks.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fallbacks = java.util.Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.strategy = strategy;
        b.requestRetry = requestRetry;
        b.maxRetryCredentials = maxRetryCredentials;
        b.maxRetryInterval = maxRetryInterval;
        b.disableCooling = disableCooling;
        b.transientCooldown = transientCooldown;
        b.forceModelPrefix = forceModelPrefix;
        b.fallbacks = new LinkedHashMap<>(fallbacks);
        return b;
    }

    /** Builds a {@link Resilience}, starting from the defaults; not thread-safe. */
    public static final class Builder {
        private RoutingStrategy strategy;
        private int requestRetry;
        private int maxRetryCredentials;
        private Duration maxRetryInterval;
        private boolean disableCooling;
        private Duration transientCooldown;
        private boolean forceModelPrefix;
        private Map<String, List<String>> fallbacks;

        private Builder() {
        }

        public Builder strategy(RoutingStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder requestRetry(int requestRetry) {
            this.requestRetry = requestRetry;
            return this;
        }

        public Builder maxRetryCredentials(int maxRetryCredentials) {
            this.maxRetryCredentials = maxRetryCredentials;
            return this;
        }

        public Builder maxRetryInterval(Duration maxRetryInterval) {
            this.maxRetryInterval = maxRetryInterval;
            return this;
        }

        public Builder disableCooling(boolean disableCooling) {
            this.disableCooling = disableCooling;
            return this;
        }

        public Builder transientCooldown(Duration transientCooldown) {
            this.transientCooldown = transientCooldown;
            return this;
        }

        public Builder forceModelPrefix(boolean forceModelPrefix) {
            this.forceModelPrefix = forceModelPrefix;
            return this;
        }

        public Builder fallback(String model, List<String> chain) {
            this.fallbacks.put(model, List.copyOf(chain));
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid value */
        public Resilience build() {
            return new Resilience(strategy, requestRetry, maxRetryCredentials, maxRetryInterval, disableCooling,
                    transientCooldown, forceModelPrefix, fallbacks);
        }
    }
}
