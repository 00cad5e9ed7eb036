/**
 * Shared state in Redis: {@link dev.aiproxy.redis.RedisSharedStateFactory} opens it from {@code state:
 * redis://...} (or {@code rediss://} for TLS). The implementation lives in {@code internal}.
 */
package dev.aiproxy.redis;
