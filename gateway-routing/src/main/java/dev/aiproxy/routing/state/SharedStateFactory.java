package dev.aiproxy.routing.state;

import dev.aiproxy.routing.config.StateSettings;
import java.time.Clock;

/**
 * Opens shared state of one kind, named by {@code state:} ({@code redis://...}). Found through {@link
 * java.util.ServiceLoader} by {@link SharedStates}: the {@code gateway-redis} module registers one, so an application
 * that runs one instance leaves that module out.
 */
public interface SharedStateFactory {

    /** Whether this factory opens {@code url}, by its scheme. */
    boolean accepts(String url);

    /**
     * Connects to the store and loads what must be local from the start (the cooldowns running now).
     *
     * @throws IllegalStateException naming the store (never its password) when it cannot be reached
     */
    SharedState open(StateSettings settings, Clock clock);
}
