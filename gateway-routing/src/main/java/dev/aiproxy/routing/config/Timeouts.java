package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long upstream calls may take.
 *
 * @param connect to open a connection (TCP and TLS)
 * @param firstByte until the status and headers arrive; for a non-streamed call that is the whole generation
 */
public record Timeouts(Duration connect, Duration firstByte) {
    /** Connect 10 s; first byte 600 s, as the official OpenAI SDKs wait for a long non-streamed answer. */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600));

    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(firstByte, "firstByte");
        if (connect.isNegative() || connect.isZero() || firstByte.isNegative() || firstByte.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
