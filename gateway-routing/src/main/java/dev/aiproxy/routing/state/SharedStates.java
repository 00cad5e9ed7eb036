package dev.aiproxy.routing.state;

import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.internal.services.Services;
import java.time.Clock;
import java.util.ServiceLoader;

/**
 * Opens the state {@code state:} names with the {@link SharedStateFactory} that accepts it, found through {@link
 * ServiceLoader} (the context class loader first, then this library's), or keeps it in memory without {@code state:}.
 */
public final class SharedStates {
    private SharedStates() {
    }

    /**
     * The state {@code settings} names: in this process's memory when it names none.
     *
     * @throws IllegalStateException when no factory on the class path accepts the URL (gateway-redis missing), or the
     *     store cannot be reached; the message names the store with its password masked
     */
    public static SharedState open(StateSettings settings, Clock clock) {
        if (!settings.shared()) {
            return SharedState.inMemory(clock);
        }
        for (SharedStateFactory factory : Services.load(SharedStateFactory.class)) {
            if (factory.accepts(settings.url())) {
                return factory.open(settings, clock);
            }
        }
        String url = settings.url();
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':') + 1) : url;
        throw new IllegalStateException("no shared state on the class path opens '" + scheme + "' (state:): add the "
                + "dev.aiproxy:gateway-redis module, or remove state: to keep the state in memory");
    }
}
