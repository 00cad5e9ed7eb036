package dev.aiproxy.usage.internal;

import dev.aiproxy.routing.UsageRecord;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records waiting for the writer: bounded, and lock-free for the request threads that offer them. An
 * {@code ArrayBlockingQueue} has one lock for both ends, which its drain holds for a whole batch: on a busy gateway
 * every request's offer then waited its turn on it (the store cost 8% of the throughput for 3% of the CPU,
 * docs/performance.md). Here an offer is a counter and a compare-and-set. Many offer, one drains.
 */
final class RecordQueue {
    private final ConcurrentLinkedQueue<UsageRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    RecordQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the record unless the queue is full; never waits. */
    boolean offer(UsageRecord record) {
        if (size.getAndIncrement() >= capacity) {
            size.decrementAndGet();
            return false;
        }
        records.offer(record);
        return true;
    }

    /** The oldest record, or null when none waits. */
    UsageRecord poll() {
        UsageRecord record = records.poll();
        if (record != null) {
            size.decrementAndGet();
        }
        return record;
    }

    /** Moves up to {@code max} of the oldest records to {@code to}. */
    void drainTo(List<UsageRecord> to, int max) {
        int moved = 0;
        UsageRecord record;
        while (moved < max && (record = records.poll()) != null) {
            to.add(record);
            moved++;
        }
        size.addAndGet(-moved);
    }

    int size() {
        return size.get();
    }
}
