package dev.aiproxy.routing.internal.state;

import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.state.BudgetSpend;
import dev.aiproxy.routing.state.ConversationStore;
import dev.aiproxy.routing.state.RateLimits;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.StateStatus;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SharedState} made of its parts, whatever keeps them: what {@code SharedState.of} returns, for the
 * in-memory default and for a store's implementation alike.
 *
 * @param caches the response cache for a config's {@code cache:} settings
 * @param statuses the store's status, asked again at each call
 * @param onClose what closing the state releases
 */
public record StateParts(CredentialCooldowns cooldowns, RateLimits rateLimits, BudgetSpend budgetSpend,
        ConversationStore conversations, Function<CacheSettings, ResponseCache> caches,
        Supplier<StateStatus> statuses, Runnable onClose) implements SharedState {

    @Override
    public ResponseCache responseCache(CacheSettings settings) {
        return caches.apply(settings);
    }

    @Override
    public StateStatus status() {
        return statuses.get();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
