package dev.aiproxy.redis.internal;

import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.state.ConversationStore;
import dev.aiproxy.routing.state.SharedState;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared state in Redis, over Lettuce: one connection for commands (asynchronous, each call bounded by {@code
 * state.timeout}; while it is down, commands are refused at once rather than queued) and one for the cooldowns'
 * pub/sub channel. Lettuce reconnects by itself (every 100 ms at first, then up to every second); on each
 * reconnection the cooldowns are loaded again and the spend added meanwhile is pushed. One virtual thread,
 * {@code gw-state-refresh}, reads the budget totals again every {@link RedisBudgetSpend#REFRESH}.
 */
public final class RedisSharedState {
    private static final System.Logger LOG = System.getLogger(RedisSharedState.class.getName());
    /** How long a connection's handshake, or a write no request waits for, may take before it counts as failed. */
    private static final Duration BACKGROUND_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final BoundedRedis redis;
    private final RedisCooldowns cooldowns;
    private final RedisRateLimits rateLimits;
    private final RedisBudgetSpend spend;
    private final RedisConversations conversations;
    private final ConcurrentHashMap<CacheSettings, ResponseCache> caches = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread refresher;

    private RedisSharedState(StateSettings settings, Clock clock) {
        this.clock = clock;
        RedisURI uri = RedisURI.create(settings.url());
        // the handshake (HELLO, AUTH, SELECT) and the background writes may take longer than a request may wait:
        // requests are bounded by BoundedRedis.await, with settings.timeout()
        uri.setTimeout(BACKGROUND_TIMEOUT);
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(BACKGROUND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        String description = settings.redactedUrl();
        try {
            this.connection = client.connect();
            this.pubsub = client.connectPubSub();
        } catch (RedisException e) {
            shutdown();
            throw new IllegalStateException("state: cannot reach " + description + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        this.redis = new BoundedRedis(connection.async(), settings.timeout(), BACKGROUND_TIMEOUT, description);
        this.cooldowns = new RedisCooldowns(redis, clock, UUID.randomUUID().toString());
        this.rateLimits = new RedisRateLimits(redis);
        this.spend = new RedisBudgetSpend(redis);
        this.conversations = new RedisConversations(redis,
                ConversationStore.inMemory(ConversationStore.DEFAULT_MAX_ENTRIES,
                        ConversationStore.DEFAULT_MAX_AGE, clock), ConversationStore.DEFAULT_MAX_AGE);
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (RedisCooldowns.CHANNEL.equals(channel)) {
                    try {
                        cooldowns.apply(message);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "a cooldown change from " + channel
                                + " could not be applied", e);
                    }
                }
            }
        });
        pubsub.sync().subscribe(RedisCooldowns.CHANNEL);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // on Lettuce's thread, which a blocking call would hold up: the loads run on a thread of their own
                Thread.ofVirtual().name("gw-state-resync").start(RedisSharedState.this::resynchronize);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed.get()) {
                    redis.lost();
                }
            }
        });
        // subscribed first, so nothing published from now on is missed: what was cooled before comes from the hashes
        try {
            cooldowns.synchronize();
        } catch (StoreUnavailableException e) {
            close();
            throw new IllegalStateException("state: " + description + " did not answer: " + e.getMessage(), e);
        }
        this.refresher = Thread.ofVirtual().name("gw-state-refresh").start(this::refreshLoop);
    }

    /**
     * Connects to the Redis {@code settings} names and loads the cooldowns running now; closing the state returned
     * closes the connections.
     *
     * @throws IllegalStateException naming the store (its password masked) when it cannot be reached
     */
    public static SharedState open(StateSettings settings, Clock clock) {
        RedisSharedState redis = new RedisSharedState(settings, clock);
        return SharedState.of(redis.cooldowns, redis.rateLimits, redis.spend, redis.conversations, redis::cache,
                redis.redis::status, redis::close);
    }

    private ResponseCache cache(CacheSettings settings) {
        return caches.computeIfAbsent(settings, s -> new RedisResponseCache(redis, s.ttl(), s.maxBytes()));
    }

    private void resynchronize() {
        if (closed.get()) {
            return;
        }
        try {
            cooldowns.synchronize();
            spend.pushPending();
            redis.succeeded();
        } catch (StoreUnavailableException e) {
            // counted as a fallback already; the next reconnection tries again
        }
    }

    private void refreshLoop() {
        while (!closed.get()) {
            try {
                Thread.sleep(RedisBudgetSpend.REFRESH);
            } catch (InterruptedException e) {
                return;
            }
            if (connection.isOpen()) {
                try {
                    spend.refresh(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
                } catch (StoreUnavailableException e) {
                    // counted; the totals read last stand until the next pass
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "reading the budget totals from the shared state failed", e);
                }
            }
        }
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (refresher != null) {
            refresher.interrupt();
        }
        pubsub.close();
        connection.close();
        shutdown();
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
