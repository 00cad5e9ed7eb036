package dev.aiproxy.routing.cache;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.internal.cache.CaffeineResponseCache;
import java.util.Optional;

/**
 * Where the response cache keeps answers: canonical {@link ChatResponse}s by a request's key, so that a stored answer
 * can be replayed in any client format, whole or as a stream. The in-process default is bounded in bytes and expires
 * entries after the configured TTL; an implementation backed by a shared store (Redis) plugs in through {@code
 * Gateway.Builder.responseCache}, or as a part of {@code Gateway.Builder.state}. Implementations must be thread-safe
 * and must not block long: a lookup sits on every cached request's path, so one that cannot answer quickly should
 * report a miss.
 */
public interface ResponseCache {

    /** The answer stored under {@code key}, if it is there and has not expired. */
    Optional<ChatResponse> find(String key);

    /** Stores {@code answer} under {@code key}, replacing any; the store may drop it at once to stay in its bounds. */
    void store(String key, ChatResponse answer);

    /** An in-process cache of at most {@code settings.maxBytes()} (estimated) that forgets entries after the TTL. */
    static ResponseCache inMemory(CacheSettings settings) {
        return new CaffeineResponseCache(settings.maxBytes(), settings.ttl());
    }
}
