package dev.aiproxy.routing.usage;

import dev.aiproxy.routing.UsageRecord;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Usage records waiting for a writer off the request path (a {@link UsageStore}'s, the request log's): bounded, and
 * lock-free for the request threads that offer them. An {@code ArrayBlockingQueue} has one lock for both ends, which
 * its drain holds for a whole batch: on a busy gateway every request's offer then waited its turn on it (the usage
 * store cost 8% of the throughput for 3% of the CPU, docs/performance.md). Here an offer is a counter and a
 * compare-and-set. Many threads offer, one drains; it wakes nobody, so the writer looks at it on its own time.
 */
public final class UsageRecordQueue {
    private final ConcurrentLinkedQueue<UsageRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /** @param capacity how many records may wait at most */
    public UsageRecordQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the record unless the queue is full (then false); never waits. */
    public boolean offer(UsageRecord record) {
        if (size.getAndIncrement() >= capacity) {
            size.decrementAndGet();
            return false;
        }
        records.offer(record);
        return true;
    }

    /** The oldest record, or null when none waits. */
    public UsageRecord poll() {
        UsageRecord record = records.poll();
        if (record != null) {
            size.decrementAndGet();
        }
        return record;
    }

    /** Moves up to {@code max} of the oldest records to {@code to}. */
    public void drainTo(List<UsageRecord> to, int max) {
        int moved = 0;
        UsageRecord record;
        while (moved < max && (record = records.poll()) != null) {
            to.add(record);
            moved++;
        }
        size.addAndGet(-moved);
    }

    /** How many records wait. */
    public int size() {
        return size.get();
    }
}
