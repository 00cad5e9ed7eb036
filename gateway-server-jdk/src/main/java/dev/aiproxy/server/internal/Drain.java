package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpServer;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.ServiceUnavailableException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.server.feed.RequestsInFlight;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stopping server, as its requests see it. From {@link #begin()} on, a request that arrives is refused (503 in its
 * client's format, and the connection closed after it); {@link #stop} closes the listener, waits for the requests in
 * flight, and when the grace runs out ends the streamed answers still being written with an error event in their
 * client's format ({@link #endOpenStreams}), so that none looks complete. Thread-safe.
 */
public final class Drain {
    /** How long the handlers of the streams ended at the end of the grace have to finish. */
    private static final Duration AFTER_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    /** The code of the error a refused request and an ended stream carry. */
    public static final String SHUTTING_DOWN = "gateway_shutting_down";

    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
    private final LongAdder refused = new LongAdder();
    private volatile boolean draining;
    /** Set by a second stop signal: the grace ends now. */
    private volatile boolean graceCutShort;

    /** A streamed answer being written, and how to end it. */
    private record OpenStream(SseOutput output, ApiFormat format, Runnable cancelUpstream) {
    }

    /** New requests are refused from now on. Idempotent. */
    public void begin() {
        draining = true;
    }

    /** Ends the grace of the stop that runs, or of the next one, now. */
    public void endGraceNow() {
        graceCutShort = true;
    }

    /**
     * Stops the JDK server, draining it: closes its listener at once, waits for the client requests in flight for up
     * to {@code grace}, then ends the streams still running and gives their handlers a few seconds, then closes the
     * connections left. Blocks until then. {@link #begin()} must have been called.
     *
     * @return how many streams were ended
     */
    public int stop(HttpServer server, RequestsInFlight inFlight, Duration grace) {
        // The JDK server closes its listener at once, then waits for the exchanges to end: up to a delay past the
        // grace, on a thread of its own, since JDK 21's stop waits the whole delay when no exchange ends during it.
        int delay = (int) Math.min(Integer.MAX_VALUE, grace.plus(AFTER_GRACE).toSeconds() + 1);
        Thread listenerStop = Thread.ofPlatform().name("gw-stop").daemon().start(() -> server.stop(delay));
        int ended = 0;
        if (!awaitNoRequests(inFlight, grace, true)) {
            ended = endOpenStreams(grace);
            awaitNoRequests(inFlight, AFTER_GRACE, false);
        }
        server.stop(0);
        try {
            listenerStop.join(AFTER_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ended;
    }

    /**
     * Whether the client requests in flight all finished within {@code limit}; polls, since a stop is rare.
     *
     * @param isGrace whether {@link #endGraceNow()} cuts this wait short
     */
    private boolean awaitNoRequests(RequestsInFlight inFlight, Duration limit, boolean isGrace) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (inFlight.count() > 0) {
            if (System.nanoTime() - deadline >= 0 || (isGrace && graceCutShort)) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inFlight.count() == 0;
            }
        }
        return true;
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
