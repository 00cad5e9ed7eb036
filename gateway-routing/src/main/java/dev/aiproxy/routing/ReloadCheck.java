package dev.aiproxy.routing;

import dev.aiproxy.routing.config.GatewayConfig;

/**
 * A check every config must pass before {@link Gateway#reload} makes it live, for rules the gateway cannot know by
 * itself: the server adds one so that a reload is judged as its start-up was (no client keys, no listener beyond
 * loopback). A check runs on the reloading thread and must not block for long.
 */
@FunctionalInterface
public interface ReloadCheck {
    /**
     * @param next the config about to go live
     * @throws IllegalStateException or {@link IllegalArgumentException} saying why it must not; the running config
     *     then stays
     */
    void check(GatewayConfig next);
}
