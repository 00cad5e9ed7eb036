package dev.aiproxy.routing.internal.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One key's upstream attempts over the last {@link #SPAN}, in {@link #BUCKETS} buckets of {@link #BUCKET}: how many
 * succeeded, how many failed, and their summed latency. Lock-free: recording reads the current bucket and adds to
 * its counters; when a slot's time comes round again, a fresh bucket replaces the stale one by compare-and-set, so
 * no count of the current bucket is lost, however many threads record at once. Thread-safe.
 */
final class TrafficWindow {
    static final Duration BUCKET = Duration.ofSeconds(10);
    static final int BUCKETS = 30;
    static final Duration SPAN = BUCKET.multipliedBy(BUCKETS);
    private static final long BUCKET_MILLIS = BUCKET.toMillis();

    /** Totals over the window. */
    record Totals(long successes, long failures, long latencyMicros) {
        long attempts() {
            return successes + failures;
        }
    }

    /** The attempts of one {@link #BUCKET}; {@code epoch} is its start, in buckets since 1970. */
    private record Bucket(long epoch, LongAdder successes, LongAdder failures, LongAdder latencyMicros) {
        Bucket(long epoch) {
            this(epoch, new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);

    /** Counts one attempt that ended at {@code nowMillis} and took {@code latencyNanos} to answer. */
    void record(long nowMillis, boolean success, long latencyNanos) {
        long epoch = Math.floorDiv(nowMillis, BUCKET_MILLIS);
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        Bucket bucket = buckets.get(slot);
        while (bucket == null || bucket.epoch() < epoch) {
            Bucket fresh = new Bucket(epoch);
            bucket = buckets.compareAndSet(slot, bucket, fresh) ? fresh : buckets.get(slot);
        }
        if (bucket.epoch() != epoch) {
            // a clock that went back: this attempt belongs to a bucket already reused, and is not counted
            return;
        }
        (success ? bucket.successes() : bucket.failures()).increment();
        bucket.latencyMicros().add(latencyNanos / 1_000);
    }

    /** The totals of the buckets within {@link #SPAN} of {@code nowMillis}. */
    Totals totals(long nowMillis) {
        long now = Math.floorDiv(nowMillis, BUCKET_MILLIS);
        long successes = 0;
        long failures = 0;
        long latency = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket b = buckets.get(i);
            if (b != null && b.epoch() > now - BUCKETS && b.epoch() <= now) {
                successes += b.successes().sum();
                failures += b.failures().sum();
                latency += b.latencyMicros().sum();
            }
        }
        return new Totals(successes, failures, latency);
    }
}
