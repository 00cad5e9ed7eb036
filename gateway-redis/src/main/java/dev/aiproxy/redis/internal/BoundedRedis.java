package dev.aiproxy.redis.internal;

import dev.aiproxy.routing.state.StateStatus;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every call the shared state makes to Redis, bounded by {@code state.timeout}: a blocking {@link #await} throws
 * {@link StoreUnavailableException} when Redis is down or slower than that, a {@link #send} never blocks. Each
 * failure is counted and marks the store unhealthy (logged once, at WARNING, when it turns); the next call that
 * succeeds, or a reconnection, marks it healthy again. Thread-safe.
 */
final class BoundedRedis {
    private static final System.Logger LOG = System.getLogger(BoundedRedis.class.getName());

    /** The connection's commands; null until the first connection (Redis may be down at start-up). */
    private volatile RedisAsyncCommands<String, String> commands;
    private final Duration timeout;
    private final Duration backgroundTimeout;
    private final String description;
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile boolean healthy = true;
    private volatile String lastError;

    /**
     * @param timeout the longest a request waits on a call
     * @param backgroundTimeout the longest work off the request path waits (loads after a reconnection)
     * @param description the store's URL with its password masked: what logs and health name
     */
    BoundedRedis(Duration timeout, Duration backgroundTimeout, String description) {
        this.timeout = timeout;
        this.backgroundTimeout = backgroundTimeout;
        this.description = description;
    }

    /**
     * Runs one command and waits for its answer, at most the timeout.
     *
     * @throws StoreUnavailableException when Redis refused, failed or did not answer in time
     */
    <T> T await(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        return await(what, command, timeout);
    }

    /** As {@link #await}, for work off the request path, which may wait longer. */
    <T> T awaitInBackground(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        return await(what, command, backgroundTimeout);
    }

    private <T> T await(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command,
            Duration timeout) {
        RedisFuture<T> future;
        try {
            future = command.apply(connected());
        } catch (RuntimeException e) {
            throw failed(what, e);
        }
        try {
            T value = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            succeeded();
            return value;
        } catch (TimeoutException e) {
            future.cancel(false);
            throw failed(what, new TimeoutException("no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(what, e);
        }
    }

    /**
     * Sends one command without waiting; {@code then} gets its answer on Lettuce's thread (it must not block), and a
     * failure is counted as for {@link #await}.
     */
    <T> void send(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command,
            Consumer<T> then) {
        RedisFuture<T> future;
        try {
            future = command.apply(connected());
        } catch (RuntimeException e) {
            failed(what, e);
            return;
        }
        future.whenComplete((value, error) -> {
            if (error != null) {
                failed(what, error);
            } else {
                succeeded();
                then.accept(value);
            }
        });
    }

    /** Sends one command whose answer nothing needs. */
    void send(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<?>> command) {
        this.<Object>send(what, c -> cast(command.apply(c)), value -> { });
    }

    @SuppressWarnings("unchecked")
    private static RedisFuture<Object> cast(RedisFuture<?> future) {
        return (RedisFuture<Object>) future;
    }

    /** The commands of the connection made, from now on (Lettuce keeps them across reconnections). */
    void connected(RedisAsyncCommands<String, String> made) {
        this.commands = made;
    }

    private RedisAsyncCommands<String, String> connected() {
        RedisAsyncCommands<String, String> made = commands;
        if (made == null) {
            throw new IllegalStateException("not connected yet");
        }
        return made;
    }

    /** There is no connection ({@code why}: lost, or none made at start-up): unhealthy until there is. */
    void lost(String why) {
        if (healthy) {
            healthy = false;
            lastError = why;
            LOG.log(System.Logger.Level.WARNING, "shared state " + description + ": " + why
                    + "; this instance uses its local state until it is back");
        }
    }

    private StoreUnavailableException failed(String what, Throwable cause) {
        fallbacks.incrementAndGet();
        // the log may say all; lastError goes to the open /health, so only the kind of failure (Lettuce's messages
        // name the host), or the timeout, which is ours
        String kind = what + ": " + (cause == null ? "failed" : cause.getClass().getSimpleName());
        String message = cause == null || cause.getMessage() == null ? kind : kind + ": " + cause.getMessage();
        lastError = cause instanceof TimeoutException ? message : kind;
        if (healthy) {
            healthy = false;
            LOG.log(System.Logger.Level.WARNING, "shared state " + description + " unavailable (" + message
                    + "); this instance uses its local state until it answers again");
        }
        return new StoreUnavailableException(message, cause);
    }

    /** A call answered: the store is healthy (again). */
    void succeeded() {
        if (!healthy) {
            healthy = true;
            LOG.log(System.Logger.Level.INFO, "shared state " + description + " answers again");
        }
    }

    boolean healthy() {
        return healthy;
    }

    StateStatus status() {
        return new StateStatus(description, true, healthy, fallbacks.get(), lastError);
    }
}
