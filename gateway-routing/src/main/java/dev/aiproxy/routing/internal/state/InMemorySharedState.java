package dev.aiproxy.routing.internal.state;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.state.BudgetSpend;
import dev.aiproxy.routing.state.ConversationStore;
import dev.aiproxy.routing.state.RateLimits;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.StateStatus;
import java.time.Clock;

/** Every kind of state in this process's memory: what one instance needs, and the default. */
public final class InMemorySharedState implements SharedState {
    private final CredentialCooldowns cooldowns;
    private final RateLimits rateLimits = RateLimits.inMemory();
    private final BudgetSpend spend = BudgetSpend.inMemory();
    private final ConversationStore conversations;

    public InMemorySharedState(Clock clock) {
        this.cooldowns = CredentialCooldowns.inMemory(clock);
        this.conversations = ConversationStore.inMemory(ConversationStore.DEFAULT_MAX_ENTRIES,
                ConversationStore.DEFAULT_MAX_AGE, clock);
    }

    @Override
    public CredentialCooldowns cooldowns() {
        return cooldowns;
    }

    @Override
    public RateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public BudgetSpend budgetSpend() {
        return spend;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public ResponseCache responseCache(CacheSettings settings) {
        return ResponseCache.inMemory(settings);
    }

    @Override
    public StateStatus status() {
        return StateStatus.LOCAL;
    }

    @Override
    public void close() {
        // nothing to release: the maps go with the gateway
    }
}
