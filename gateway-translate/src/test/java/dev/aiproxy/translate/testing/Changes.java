package dev.aiproxy.translate.testing;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A condition that other threads bring about, awaited without polling: each of them calls {@link #signal()} after a
 * change that may make it hold (a config reloaded, a request served), and {@link #awaitUntil} checks it again only
 * then. Thread-safe.
 */
public final class Changes {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** How many changes were signalled; guarded by {@link #lock}. */
    private long count;

    /** Says that something a waiter checks may have changed. Never blocks for long. */
    public void signal() {
        lock.lock();
        try {
            count++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until {@code condition} holds, checking it now and after each {@link #signal()}. The condition is checked
     * without holding a lock, so it may itself block (an HTTP call); a signal that comes while it runs is not missed.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
     */
    public void awaitUntil(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = count();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            lock.lock();
            try {
                while (count == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(what + ": not within " + timeout);
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
