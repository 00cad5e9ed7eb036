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
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
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
 * reconnection the cooldowns are loaded again and the spend added meanwhile is pushed. A Redis that cannot be reached
 * at start-up does not stop the instance: it starts on its local state, and a virtual thread, {@code
 * gw-state-connect}, tries again on the same schedule until the first connection is made; one that refuses the
 * connection (a wrong password) does, since waiting will not fix it. One virtual thread,
 * {@code gw-state-refresh}, reads the budget totals again every {@link RedisBudgetSpend#REFRESH}.
 */
public final class RedisSharedState {
    private static final System.Logger LOG = System.getLogger(RedisSharedState.class.getName());
    /** How long a connection's handshake, or a write no request waits for, may take before it counts as failed. */
    private static final Duration BACKGROUND_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;
    private final String description;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private final BoundedRedis redis;
    private final RedisCooldowns cooldowns;
    private final RedisRateLimits rateLimits;
    private final RedisBudgetSpend spend;
    private final RedisConversations conversations;
    private final ConcurrentHashMap<CacheSettings, ResponseCache> caches = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread refresher;
    private volatile Thread connector;

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
        this.description = settings.redactedUrl();
        this.redis = new BoundedRedis(settings.timeout(), BACKGROUND_TIMEOUT, description);
        this.cooldowns = new RedisCooldowns(redis, clock, UUID.randomUUID().toString());
        this.rateLimits = new RedisRateLimits(redis);
        this.spend = new RedisBudgetSpend(redis);
        this.conversations = new RedisConversations(redis,
                ConversationStore.inMemory(ConversationStore.DEFAULT_MAX_ENTRIES,
                        ConversationStore.DEFAULT_MAX_AGE, clock), ConversationStore.DEFAULT_MAX_AGE);
        try {
            connect();
        } catch (RedisException e) {
            if (!unreachable(e)) {
                // refused (a wrong password, a database that does not exist): the config's to fix, not to wait out
                close();
                throw new IllegalStateException("state: " + description + " refused the connection: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            }
            // down at start-up, as it may go down later: this instance starts on its local state and keeps trying
            redis.lost("unreachable at start-up");
            connector = Thread.ofVirtual().name("gw-state-connect").start(this::connectUntilUp);
        } catch (StoreUnavailableException e) {
            close();
            throw new IllegalStateException("state: " + description + " did not answer: " + e.getMessage(), e);
        }
        this.refresher = Thread.ofVirtual().name("gw-state-refresh").start(this::refreshLoop);
    }

    /**
     * Opens the two connections, subscribes to the cooldowns' channel, then loads the cooldowns and pushes any spend
     * kept while there was no connection; from then on Lettuce reconnects by itself.
     *
     * @throws RedisException when Redis cannot be reached or refuses the connection
     * @throws StoreUnavailableException when it connects but does not answer the loads in time
     */
    private void connect() {
        StatefulRedisConnection<String, String> commands = client.connect();
        StatefulRedisPubSubConnection<String, String> channel;
        try {
            channel = client.connectPubSub();
        } catch (RedisException e) {
            commands.close();
            throw e;
        }
        channel.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String name, String message) {
                if (RedisCooldowns.CHANNEL.equals(name)) {
                    try {
                        cooldowns.apply(message);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "a cooldown change from " + name
                                + " could not be applied", e);
                    }
                }
            }
        });
        channel.sync().subscribe(RedisCooldowns.CHANNEL);
        commands.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // on Lettuce's thread, which a blocking call would hold up: the loads run on a thread of their own
                Thread.ofVirtual().name("gw-state-resync").start(RedisSharedState.this::resynchronize);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed.get()) {
                    redis.lost("connection lost");
                }
            }
        });
        this.connection = commands;
        this.pubsub = channel;
        redis.connected(commands.async());
        try {
            // subscribed first, so nothing published from now on is missed: what was cooled before is in the hashes
            cooldowns.synchronize();
            spend.pushPending();
        } catch (StoreUnavailableException e) {
            redis.connected(null);
            this.connection = null;
            this.pubsub = null;
            channel.close();
            commands.close();
            throw e;
        }
    }

    /** Whether a failed connection failed for want of a server (connection refused, no route, a name not found). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** Tries to connect, every 100 ms at first and then every second, until it does or the state is closed. */
    private void connectUntilUp() {
        Duration delay = Duration.ofMillis(100);
        while (!closed.get()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            try {
                connect();
                redis.succeeded();
                return;
            } catch (RedisException | StoreUnavailableException e) {
                delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                        : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Connects to the Redis {@code settings} names and loads the cooldowns running now, or, when it cannot be reached,
     * starts on local state and keeps trying; closing the state returned closes the connections.
     *
     * @throws IllegalStateException naming the store (its password masked) when it refuses the connection
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
            StatefulRedisConnection<String, String> open = connection;
            if (open != null && open.isOpen()) {
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
        Thread trying = connector;
        if (trying != null) {
            trying.interrupt();
        }
        if (pubsub != null) {
            pubsub.close();
        }
        if (connection != null) {
            connection.close();
        }
        shutdown();
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
