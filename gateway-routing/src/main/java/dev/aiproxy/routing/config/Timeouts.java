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
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
    /**
     * Connect 10 s; first byte 600 s, as the official OpenAI SDKs wait for a long non-streamed answer; idle 600 s too,
     * since a reasoning model may think that long between two events of a stream.
     */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600),
            Duration.ofSeconds(600));

    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(firstByte, "firstByte");
        requireNonNull(idle, "idle");
        if (!isPositive(connect) || !isPositive(firstByte) || !isPositive(idle)) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Connect and first-byte timeouts, with the default idle timeout. */
    public Timeouts(Duration connect, Duration firstByte) {
        this(connect, firstByte, Duration.ofSeconds(600));
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
