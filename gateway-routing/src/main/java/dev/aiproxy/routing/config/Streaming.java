package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the server keeps streamed answers alive.
 *
 * @param keepalive after this long without a byte to a client, a streamed (SSE) answer gets a comment line
 *     ({@code : keep-alive}), which every SSE client ignores: it keeps proxies and load balancers from timing the
 *     connection out, and it reveals a client that went away, whose upstream call is then cancelled; zero turns it off
 */
public record Streaming(Duration keepalive) {
    /** 15 seconds, as CLIProxyAPI's {@code streaming.keepalive-seconds} suggests, well under common proxy timeouts. */
    public static final Streaming DEFAULTS = new Streaming(Duration.ofSeconds(15));
    /** No keep-alives. */
    public static final Streaming OFF = new Streaming(Duration.ZERO);

    public Streaming {
        requireNonNull(keepalive, "keepalive");
        if (keepalive.isNegative()) {
            throw new IllegalArgumentException("streaming.keepalive-seconds must not be negative");
        }
    }
}
