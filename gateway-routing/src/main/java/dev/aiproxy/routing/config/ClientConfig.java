package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/**
 * One client of the gateway and what it may do. Only a hash of its key is kept.
 *
 * @param name shown in logs and usage, never secret
 * @param keyHash the SHA-256 of the client's key, lower-case hex; null for the anonymous client
 * @param allowedModels globs of the models it may use; {@code *} allows all, empty allows none
 * @param provider the provider entry its requests are pinned to, or null
 * @param systemPrompt a system prompt put in front of (or instead of) the client's own, or null
 * @param baseUrl replaces the upstream base URL for this client's requests (a team's own local backend), or null
 * @param requestsPerMinute its request rate limit; 0 means none
 * @param tokensPerMinute its token rate limit; 0 means none
 * @param budget its spending limits; {@link Budget#NONE} by default
 */
public record ClientConfig(String name, String keyHash, List<String> allowedModels, String provider,
        SystemPrompt systemPrompt, URI baseUrl, int requestsPerMinute, long tokensPerMinute, Budget budget) {

    /** The client of a gateway that needs no key: may use everything, with no limits. */
    public static final ClientConfig ANONYMOUS = new ClientConfig("anonymous", null, List.of("*"), null, null, null,
            0, 0);

    public ClientConfig {
        requireNonNull(name, "name");
        allowedModels = List.copyOf(allowedModels);
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
        budget = budget == null ? Budget.NONE : budget;
    }

    /** A client without a budget. */
    public ClientConfig(String name, String keyHash, List<String> allowedModels, String provider,
            SystemPrompt systemPrompt, URI baseUrl, int requestsPerMinute, long tokensPerMinute) {
        this(name, keyHash, allowedModels, provider, systemPrompt, baseUrl, requestsPerMinute, tokensPerMinute,
                Budget.NONE);
    }

    /** This client with another budget. */
    public ClientConfig withBudget(Budget budget) {
        return new ClientConfig(name, keyHash, allowedModels, provider, systemPrompt, baseUrl, requestsPerMinute,
                tokensPerMinute, budget);
    }

    @Override
    public String toString() {
        return "ClientConfig[" + name + "]";
    }
}
