package dev.aiproxy.api.spi;

import java.util.List;

/**
 * How routing treats one credential. Null fields inherit the gateway-wide setting.
 *
 * @param weight its share under {@code weighted-round-robin}; 0 takes it out of that strategy
 * @param disableCooling whether failures never cool it down; null inherits {@code disable-cooling}
 * @param requestRetry the retry rounds it takes part in; null inherits {@code request-retry}
 * @param errorRules request-scoped error rules, checked before the default classification
 * @param disabled whether the key is kept in the config, and listed, but never routed to nor health-checked
 */
public record CredentialPolicy(int weight, Boolean disableCooling, Integer requestRetry, List<ErrorRule> errorRules,
        boolean disabled) {
    public static final CredentialPolicy DEFAULT = new CredentialPolicy(1, null, null, List.of(), false);

    public CredentialPolicy {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative, was " + weight);
        }
        errorRules = errorRules == null ? List.of() : List.copyOf(errorRules);
    }

    /** An enabled key's policy. */
    public CredentialPolicy(int weight, Boolean disableCooling, Integer requestRetry, List<ErrorRule> errorRules) {
        this(weight, disableCooling, requestRetry, errorRules, false);
    }
}
