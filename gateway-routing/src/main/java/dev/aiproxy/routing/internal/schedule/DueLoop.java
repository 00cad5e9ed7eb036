package dev.aiproxy.routing.internal.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A schedule on a virtual thread of its own: it runs a pass, which starts what is due and says when the next thing
 * is (null: nothing, look again in an hour), then sleeps until then or until {@link #wake woken} (the config
 * changed). The active health checks and the model lists each run one. Closing ends it after the pass under way.
 */
public final class DueLoop implements AutoCloseable {
    private final String name;
    private final Clock clock;
    private final Supplier<Instant> pass;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean wake;
    private volatile boolean closed;

    /** @param name the thread's */
    public DueLoop(String name, Clock clock, Supplier<Instant> pass) {
        this.name = name;
        this.clock = clock;
        this.pass = pass;
    }

    /** Starts the schedule; once. */
    public void start() {
        Thread.ofVirtual().name(name).start(this::run);
    }

    /** Look at the schedule again now. */
    public void wake() {
        lock.lock();
        try {
            wake = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the schedule; waits for nothing. */
    @Override
    public void close() {
        closed = true;
        wake();
    }

    private void run() {
        while (!closed) {
            Instant next = pass.get();
            lock.lock();
            try {
                long nanos = next == null ? TimeUnit.HOURS.toNanos(1)
                        : Math.max(0, Duration.between(clock.instant(), next).toNanos());
                while (!wake && !closed && nanos > 0) {
                    nanos = woken.awaitNanos(nanos);
                }
                wake = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }
}
