package dev.aiproxy.server.feed;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Folds finished requests into the numbers of the feed's {@code stats} event. A request thread adds with a few
 * uncontended atomic updates; the feed's ticker reads and resets them once a second, and keeps the last minute of
 * tokens itself. Thread-safe for any number of recorders and one reader.
 */
final class RequestStats {
    private static final int MINUTE = 60;

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    /** Today's cost since start-up, in billionths of a dollar; reset by the ticker when the UTC day changes. */
    private final LongAdder costNanos = new LongAdder();
    private long day = -1;
    private final LatencyHistogram latencies = new LatencyHistogram();
    /** The tokens of each of the last 60 intervals; read and written by the ticker only. */
    private final long[] tokensBySecond = new long[MINUTE];
    private int second;
    private long lastTickNanos = System.nanoTime();

    /**
     * The numbers of one interval.
     *
     * @param requests requests that finished in the interval
     * @param requestsPerSecond those over the interval's length
     * @param errorRate the share that ended in an error (an error answer, or a stream the upstream broke off), 0 when
     *     none finished
     * @param p50Ms the median latency, first byte received to last byte sent, or null when none finished
     * @param tokensPerMinute input and output tokens of the requests that finished in the last 60 s
     * @param costTodayUsd what every client spent today (UTC)
     * @param inFlight client requests being served now
     * @param subscribers feed subscribers connected now
     */
    public record Snapshot(String time, double intervalSeconds, long requests, double requestsPerSecond,
            double errorRate, Double p50Ms, Double p95Ms, long tokensPerMinute, BigDecimal costTodayUsd,
            long inFlight, int subscribers) {
    }

    /** Counts one finished request; never blocks. */
    void record(UsageRecord r) {
        requests.increment();
        if (r.outcome() == UsageRecord.Outcome.FAILED || r.errorType() != null) {
            errors.increment();
        }
        Usage usage = r.usage();
        if (usage != null) {
            tokens.add(usage.inputTokens() + usage.outputTokens());
        }
        latencies.record(r.duration());
        if (r.cost() != null) {
            costNanos.add(r.cost().movePointRight(9).longValue());
        }
    }

    /**
     * The interval since the last call, which starts the next. Called by one thread at a time.
     *
     * @param ledgerToday what the gateway's budget ledger counts for today: that includes the spend before start-up
     *     (read from the usage store), but stays zero when the gateway neither keeps usage nor has a budget, so the
     *     larger of it and this feed's own count is today's cost
     */
    Snapshot tick(Instant now, BigDecimal ledgerToday, long inFlight, int subscribers) {
        long today = Math.floorDiv(now.getEpochSecond(), 86_400);
        if (today != day) {
            if (day != -1) {
                costNanos.reset();
            }
            day = today;
        }
        BigDecimal own = BigDecimal.valueOf(costNanos.sum(), 9).stripTrailingZeros();
        BigDecimal costToday = ledgerToday.compareTo(own) >= 0 ? ledgerToday : own;
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - lastTickNanos) / 1e9);
        lastTickNanos = nanos;
        long n = requests.sumThenReset();
        long failed = errors.sumThenReset();
        long[] drained = latencies.drain();
        second = (second + 1) % MINUTE;
        tokensBySecond[second] = tokens.sumThenReset();
        long perMinute = 0;
        for (long t : tokensBySecond) {
            perMinute += t;
        }
        return new Snapshot(now.toString(), Math.round(seconds * 1000) / 1000.0, n,
                Math.round(n / seconds * 10) / 10.0, n == 0 ? 0 : Math.min(1, Math.round(failed * 10_000.0 / n)
                / 10_000.0), LatencyHistogram.quantileMillis(drained, 0.5),
                LatencyHistogram.quantileMillis(drained, 0.95), perMinute, costToday, inFlight, subscribers);
    }
}
