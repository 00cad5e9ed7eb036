/**
 * Each kind of state over Redis, each with its local fallback: {@code BoundedRedis} (every call bounded by the
 * timeout, the store's health), {@code RedisCooldowns}, {@code RedisRateLimits}, {@code RedisBudgetSpend}, {@code
 * RedisConversations}, {@code RedisResponseCache}, and {@code StateJson}, the JSON they keep.
 */
package dev.aiproxy.redis.internal;
