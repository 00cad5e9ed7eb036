package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long upstream calls may take.
 *
 * @param connect to open a connection (TCP and TLS)
 * @param firstByte until the status and headers arrive; for a non-streamed call that is the whole generation
 * @param idle how long an answer may go without a byte once it has begun, streamed or not; then the upstream call
 *     is given up, so a stalled upstream cannot hold a client (and a thread) forever
 * @param total until the first byte of an answer, across every attempt, retry round and fallback of one request; each
 *     attempt's first-byte timeout is cut to what is left, and a request with nothing left gets a 504
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
    /** The default of {@link #total}: as long as one attempt may wait, which is also what the OpenAI SDKs wait. */
    private static final Duration TOTAL = Duration.ofSeconds(600);

    /**
     * Connect 10 s; first byte 600 s, as the official OpenAI SDKs wait for a long non-streamed answer; idle 600 s too,
     * since a reasoning model may think that long between two events of a stream; total 600 s, so retries and
     * fallbacks share what a client would wait anyway.
     */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600),
            Duration.ofSeconds(600), TOTAL);

    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(firstByte, "firstByte");
        requireNonNull(idle, "idle");
        requireNonNull(total, "total");
        if (!isPositive(connect) || !isPositive(firstByte) || !isPositive(idle) || !isPositive(total)) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Connect, first-byte and idle timeouts, with the default total. */
    public Timeouts(Duration connect, Duration firstByte, Duration idle) {
        this(connect, firstByte, idle, TOTAL);
    }

    /** Connect and first-byte timeouts, with the default idle timeout and total. */
    public Timeouts(Duration connect, Duration firstByte) {
        this(connect, firstByte, Duration.ofSeconds(600));
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
