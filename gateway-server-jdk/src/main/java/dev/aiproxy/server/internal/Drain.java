package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.ServiceUnavailableException;
import dev.aiproxy.routing.GatewayResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stopping server, as its requests see it. From {@link #begin()} on, a request that arrives is refused (503 in its
 * client's format, and the connection closed after it), and {@link #endOpenStreams} ends the streamed answers still
 * being written with an error event in their client's format, so that none looks complete. Thread-safe.
 */
public final class Drain {
    /** The code of the error a refused request and an ended stream carry. */
    public static final String SHUTTING_DOWN = "gateway_shutting_down";

    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
    private final LongAdder refused = new LongAdder();
    private volatile boolean draining;

    /** A streamed answer being written, and how to end it. */
    private record OpenStream(SseOutput output, ApiFormat format, Runnable cancelUpstream) {
    }

    /** New requests are refused from now on. Idempotent. */
    public void begin() {
        draining = true;
    }

    /** Whether the server is stopping. */
    public boolean draining() {
        return draining;
    }

    /** Counts a refused request and returns the error it gets. */
    GatewayException refuse() {
        refused.increment();
        return new ServiceUnavailableException("the gateway is shutting down and takes no new requests; retry "
                + "with another instance, or once it is back", SHUTTING_DOWN, null);
    }

    /** The requests refused since {@link #begin()}. */
    public long refused() {
        return refused.sum();
    }

    /**
     * Tracks a streamed answer until the returned action runs; {@link #endOpenStreams} ends it with an error event in
     * {@code format} should it come first.
     */
    Runnable track(SseOutput output, ApiFormat format, Runnable cancelUpstream) {
        OpenStream stream = new OpenStream(output, format, cancelUpstream);
        open.add(stream);
        return () -> open.remove(stream);
    }

    /**
     * Ends every streamed answer still being written: with an error event in its client's format, or, for one caught
     * in the middle of an event, by cutting its connection; then cancels its upstream call, which makes its handler
     * finish. Returns at once; the handlers finish on their own threads.
     *
     * @param grace the grace that ran out, for the message
     * @return how many answers were ended
     */
    public int endOpenStreams(Duration grace) {
        GatewayException error = new ServiceUnavailableException("the gateway is shutting down: this stream was "
                + "still running when its shutdown grace (" + seconds(grace) + ") ran out, so it ends here "
                + "incomplete", SHUTTING_DOWN, null);
        int ended = 0;
        for (OpenStream stream : open) {
            if (stream.output().end(GatewayResponse.streamErrorEvent(stream.format(), error)) != SseOutput.Ending.NONE) {
                ended++;
            }
            stream.cancelUpstream().run();
        }
        return ended;
    }

    /** How many streamed answers are being written now. */
    public int openStreams() {
        return open.size();
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
