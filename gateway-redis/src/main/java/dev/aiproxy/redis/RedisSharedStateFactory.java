package dev.aiproxy.redis;

import dev.aiproxy.redis.internal.RedisSharedState;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.SharedStateFactory;
import java.time.Clock;

/** Opens shared state in Redis for {@code state: redis://...} and {@code rediss://...} (TLS). */
public final class RedisSharedStateFactory implements SharedStateFactory {

    @Override
    public boolean accepts(String url) {
        return url.startsWith("redis://") || url.startsWith("rediss://");
    }

    @Override
    public SharedState open(StateSettings settings, Clock clock) {
        return RedisSharedState.open(settings, clock);
    }
}
