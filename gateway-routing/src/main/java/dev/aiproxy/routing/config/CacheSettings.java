package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The response cache ({@code cache:} in the config): which requests it serves, how long an answer stays, and how much
 * memory it may hold. Opt-in: a request is cached only when its model matches one of {@code models} or its client is
 * one of {@code clients}; with neither set, nothing is.
 *
 * @param ttl how long a stored answer is replayed after it was stored
 * @param maxBytes the most the stored answers may take, estimated in bytes; the least used go first
 * @param models model names as clients ask for them, globs allowed ({@code gpt-4o*}, {@code *})
 * @param clients client names ({@code clients:} entries, or {@code anonymous})
 */
public record CacheSettings(Duration ttl, long maxBytes, List<String> models, List<String> clients) {
    /** Five minutes: long enough for a retried or repeated prompt, short enough for answers not to go stale. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** 32 MiB: room beside the other bounded stores on the launcher's 256 MB heap (docs/configuration.md, Memory). */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** No cache. */
    public static final CacheSettings OFF = new CacheSettings(DEFAULT_TTL, DEFAULT_MAX_BYTES, List.of(), List.of());

    public CacheSettings {
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache.ttl must be positive, was " + ttl);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("cache.max-bytes must be positive, was " + maxBytes);
        }
        models = List.copyOf(models);
        clients = List.copyOf(clients);
    }

    /** Whether any request can be cached. */
    public boolean enabled() {
        return !models.isEmpty() || !clients.isEmpty();
    }
}
