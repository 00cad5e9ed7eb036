package dev.aiproxy.routing.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.cache.ResponseCache;
import java.time.Duration;
import java.util.Optional;

/**
 * The in-process {@link ResponseCache}: Caffeine, bounded by the estimated bytes of its entries and expiring each one
 * the TTL after it was stored. Maintenance (eviction) runs on the calling thread, so the bound holds when
 * {@link #store} returns rather than some time later. Thread-safe.
 */
public final class CaffeineResponseCache implements ResponseCache {
    /** What an entry costs besides its strings: the objects around them, roughly. */
    private static final int ENTRY_OVERHEAD = 256;

    private final Cache<String, ChatResponse> entries;

    public CaffeineResponseCache(long maxBytes, Duration ttl) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, ChatResponse answer) -> weight(key, answer))
                .expireAfterWrite(ttl)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<ChatResponse> find(String key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    @Override
    public void store(String key, ChatResponse answer) {
        entries.put(key, answer);
    }

    /**
     * An entry's estimated size in bytes: its text, two bytes a character as a string may take, plus a fixed overhead.
     * An estimate, not a measurement: what the bound is for is that memory cannot grow without end.
     */
    static int weight(String key, ChatResponse answer) {
        long chars = (long) key.length() + answer.toString().length();
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + ENTRY_OVERHEAD);
    }
}
