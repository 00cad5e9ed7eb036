package dev.aiproxy.redis.internal;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.cache.ResponseCache;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * The response cache in Redis ({@code gw:cache:<key>}, the canonical answer as JSON, expiring after {@code
 * cache.ttl}), so that an answer stored by one instance replays on every other. A lookup waits at most the timeout
 * and is a miss when Redis is away (the cache fails open: the request goes upstream); a store goes off the request
 * path. Redis bounds the bytes ({@code maxmemory}); {@code cache.max-bytes} bounds one answer here. Thread-safe.
 */
final class RedisResponseCache implements ResponseCache {
    private final BoundedRedis redis;
    private final Duration ttl;
    private final long maxBytes;

    RedisResponseCache(BoundedRedis redis, Duration ttl, long maxBytes) {
        this.redis = redis;
        this.ttl = ttl;
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<ChatResponse> find(String key) {
        return StateJson.get(redis, "cache lookup", redisKey(key), ChatResponse.class);
    }

    @Override
    public void store(String key, ChatResponse answer) {
        String json = StateJson.write(answer);
        if (json.length() > maxBytes) {
            return;
        }
        redis.send("cache store", c -> c.set(redisKey(key), json, SetArgs.Builder.px(ttl)));
    }

    private static String redisKey(String key) {
        return "gw:cache:" + key;
    }
}
