package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long upstream calls may take.
 *
 * @param connect to open a connection (TCP and TLS)
 * @param firstByte until the status and headers arrive; for a non-streamed call that is the whole generation
 * @param streamIdle the longest silence inside a streamed answer before the upstream is given up on
 */
public record Timeouts(Duration connect, Duration firstByte, Duration streamIdle) {
    /**
     * Connect 10 s; first byte 600 s, as the official OpenAI SDKs wait for a long non-streamed answer; stream idle
     * 300 s, since a reasoning model may think that long before its first token.
     */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600),
            Duration.ofSeconds(300));

    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(firstByte, "firstByte");
        requireNonNull(streamIdle, "streamIdle");
        if (connect.isNegative() || connect.isZero() || firstByte.isNegative() || firstByte.isZero()
                || streamIdle.isNegative() || streamIdle.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
