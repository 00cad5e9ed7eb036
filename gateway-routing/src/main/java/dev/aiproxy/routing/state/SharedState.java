package dev.aiproxy.routing.state;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.internal.state.StateParts;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every kind of state a gateway keeps between requests, as one value {@code Gateway.Builder.state} takes: credential
 * cooldowns, client rate limits, budget spend, Responses conversations and the response cache. The default keeps them
 * in this process; a shared store (gateway-redis, from {@code state: redis://...}) lets several instances behind a
 * load balancer act as one. A shared implementation answers from local state when its store is down or slow, and says
 * so in {@link #status()}. Thread-safe. The caller that opened it closes it, after the gateway.
 */
public interface SharedState extends AutoCloseable {

    /** Which credentials are out of rotation; read on every request, so it must answer from memory. */
    CredentialCooldowns cooldowns();

    /** Each client's requests and tokens per minute. */
    RateLimits rateLimits();

    /** What each client, and the gateway, spent today and this month. */
    BudgetSpend budgetSpend();

    /** What the Responses API remembers for {@code previous_response_id}. */
    ConversationStore conversations();

    /** Where the response cache keeps answers, for the config's {@code cache:} settings. */
    ResponseCache responseCache(CacheSettings settings);

    /** Whether the state is shared now, or this instance is answering from its local state. */
    StateStatus status();

    /** Stops any background work and closes the connections to the store; local state is dropped. */
    @Override
    void close();

    /** Everything in this process's memory: the default, for one instance. */
    static SharedState inMemory(Clock clock) {
        return of(CredentialCooldowns.inMemory(clock), RateLimits.inMemory(), BudgetSpend.inMemory(),
                ConversationStore.inMemory(ConversationStore.DEFAULT_MAX_ENTRIES, ConversationStore.DEFAULT_MAX_AGE,
                        clock),
                ResponseCache::inMemory, () -> StateStatus.LOCAL, () -> { });
    }

    /**
     * The state made of these parts: how a store's implementation (or a test) builds one.
     *
     * @param caches the response cache for a config's {@code cache:} settings, asked again when they change
     * @param status the store's status, asked at each {@link #status()}
     * @param close what {@link #close()} releases
     */
    static SharedState of(CredentialCooldowns cooldowns, RateLimits rateLimits, BudgetSpend budgetSpend,
            ConversationStore conversations, Function<CacheSettings, ResponseCache> caches,
            Supplier<StateStatus> status, Runnable close) {
        return new StateParts(requireNonNull(cooldowns, "cooldowns"), requireNonNull(rateLimits, "rateLimits"),
                requireNonNull(budgetSpend, "budgetSpend"), requireNonNull(conversations, "conversations"),
                requireNonNull(caches, "caches"), requireNonNull(status, "status"), requireNonNull(close, "close"));
    }
}
