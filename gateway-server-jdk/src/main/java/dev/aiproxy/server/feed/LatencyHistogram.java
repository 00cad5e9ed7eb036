package dev.aiproxy.server.feed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts latencies in buckets about 6% wide (16 to each power of two, in microseconds), so a request thread records
 * one with a single atomic add, and a percentile is read from the counts without keeping every value. Thread-safe.
 */
final class LatencyHistogram {
    private static final int SUB_BUCKETS = 16;
    private static final int SUB_BITS = 4;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB_BUCKETS);

    void record(Duration latency) {
        long micros = Math.max(0, latency.toNanos() / 1000);
        counts.incrementAndGet(index(micros));
    }

    /** The counts so far, which start again from zero: what the next {@link #drain()} reads is what came after. */
    long[] drain() {
        long[] out = new long[counts.length()];
        for (int i = 0; i < out.length; i++) {
            if (counts.get(i) != 0) {
                out[i] = counts.getAndSet(i, 0);
            }
        }
        return out;
    }

    /** The latency at quantile {@code q} (0.5 for the median) of drained counts, in milliseconds, or null if none. */
    static Double quantileMillis(long[] drained, double q) {
        long total = 0;
        for (long c : drained) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < drained.length; i++) {
            seen += drained[i];
            if (seen >= rank) {
                return Math.round(middle(i) / 10.0) / 100.0;
            }
        }
        throw new IllegalStateException("the rank " + rank + " is beyond the " + total + " counts");
    }

    static int index(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The middle of a bucket, in microseconds. */
    static double middle(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        long width = 1L << (exponent - SUB_BITS);
        long lower = (long) (SUB_BUCKETS + index % SUB_BUCKETS) << (exponent - SUB_BITS);
        return lower + width / 2.0;
    }
}
