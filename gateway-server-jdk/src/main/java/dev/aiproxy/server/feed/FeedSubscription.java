package dev.aiproxy.server.feed;

import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.server.management.ManagementJson;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's stream of the {@link EventFeed}, as the body of its SSE answer: writes every event from its cursor
 * on, a batch at a time, until it is dropped, it goes away, or the feed closes.
 *
 * <p>{@code request} events go to one subscriber at {@value #REQUESTS_PER_SECOND} a second at most, spread evenly
 * (the newest of each batch): a busy gateway finishes thousands of requests a second, and each subscriber would
 * otherwise cost it a copy of every one (at 19,000 a second, 100 subscribers took more than half its throughput;
 * docs/performance.md). What a subscriber did not get is counted in a {@code skipped} event once a second; the
 * {@code stats} events count every request, and the request log and {@code GET /requests} have them all. Every
 * other event always goes.
 *
 * <p>Dropping a subscriber interrupts the thread writing its stream. A subscriber that stopped reading has that
 * thread blocked in a socket write, which nothing else would end: the interrupt closes the socket (the JDK server's
 * connections are interruptible channels), so the thread ends instead of leaking.
 */
public final class FeedSubscription implements GatewayResponse.Streamed {
    /**
     * The least time between two flushes to one subscriber. Each flush is a system call or more and a wake-up, about
     * 20 us of the server's time: with 10 ms, 100 subscribers of a gateway serving 300 requests a second took twice
     * its CPU per request (bench/feed.sh). Waiting this long after a flush sends what arrived meanwhile as one write,
     * so 100 subscribers cost at most 4,000 flushes a second however many requests finish. An event that finds its
     * subscriber waiting goes at once, and one that arrives during the wait at most this late: well within the 100 ms
     * a request's event must arrive in.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** The most {@code request} events one subscriber gets a second. */
    static final int REQUESTS_PER_SECOND = 200;
    /** Request events go by the linger's share of the second, so a busy second is sampled evenly, not in a burst. */
    private static final RateLimiterConfig REQUEST_EVENTS = RateLimiterConfig.custom()
            .limitRefreshPeriod(Duration.ofNanos(LINGER_NANOS))
            .limitForPeriod((int) (REQUESTS_PER_SECOND * LINGER_NANOS / TimeUnit.SECONDS.toNanos(1)))
            .timeoutDuration(Duration.ZERO)
            .build();
    private static final long SKIPPED_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a read waits for an event before looking at the drop and close flags again. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventFeed feed;
    private final EventFeed.Missed missed;
    private final AtomicReference<Thread> writer = new AtomicReference<>();
    private final RateLimiter requestEvents = RateLimiter.of("feed-subscriber", REQUEST_EVENTS);
    private volatile long cursor;
    private volatile boolean dropped;
    /** Request events not sent since the last {@code skipped} event; only the writing thread touches these. */
    private long skipped;
    private long skippedSince = System.nanoTime();

    FeedSubscription(EventFeed feed, long cursor, EventFeed.Missed missed) {
        this.feed = feed;
        this.cursor = cursor;
        this.missed = missed;
    }

    /** The id of the next event this subscriber is to get. */
    long cursor() {
        return cursor;
    }

    /** Whether the subscriber was dropped (too slow, or the feed closed). */
    public boolean dropped() {
        return dropped;
    }

    /** Ends the stream: the writing thread, if one is writing, is interrupted. Idempotent; never blocks. */
    void drop() {
        dropped = true;
        Thread thread = writer.getAndSet(null);
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public long length() {
        return -1;
    }

    /**
     * Writes events until the subscriber is dropped or the feed closes, then returns (the answer ends normally).
     *
     * @throws IOException when the subscriber went away, or was dropped while a write was blocked
     */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        writer.set(Thread.currentThread());
        try {
            if (missed != null) {
                out.write(missedEvent(missed));
            }
            out.write(": connected\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!dropped && !feed.closed()) {
                List<FeedEvent> events = feed.read(cursor, WAIT_NANOS);
                if (events == null) {
                    dropped = true;
                    return;
                }
                if (events.isEmpty()) {
                    continue;
                }
                write(events, out);
                out.flush();
                cursor = events.getLast().id() + 1;
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(LINGER_NANOS));
            }
        } catch (InterruptedException e) {
            // dropped, or the server is stopping: the stream ends here
            Thread.currentThread().interrupt();
        } finally {
            if (writer.getAndSet(null) == null) {
                // a drop may have interrupted this thread after its last wait: the rest of the exchange must not
                // see that flag
                Thread.interrupted();
            }
        }
    }

    /** Writes a batch: every event but the oldest {@code request} events beyond this subscriber's share. */
    private void write(List<FeedEvent> events, OutputStream out) throws IOException {
        int requests = 0;
        for (FeedEvent event : events) {
            if (event.isRequest()) {
                requests++;
            }
        }
        int allowed = 0;
        while (allowed < requests && requestEvents.acquirePermission()) {
            allowed++;
        }
        int skip = requests - allowed;
        skipped += skip;
        for (FeedEvent event : events) {
            if (event.isRequest() && skip > 0) {
                skip--;
            } else {
                out.write(event.wire());
            }
        }
        long now = System.nanoTime();
        if (skipped > 0 && now - skippedSince >= SKIPPED_EVERY_NANOS) {
            out.write(skippedEvent(skipped));
            skipped = 0;
            skippedSince = now;
        } else if (skipped == 0) {
            skippedSince = now;
        }
    }

    /** How many request events were left out: no id, so a resume goes on from the last event sent. */
    private static byte[] skippedEvent(long requests) {
        return ("event: skipped\ndata: " + new String(ManagementJson.write(new SkippedView(requests)),
                StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code skipped} event's data: request events this subscriber did not get since the last one. */
    public record SkippedView(long requests) {
    }

    /** The gap before the events resumed: its id is the last one missed, so a reconnect after it does not repeat it. */
    private static byte[] missedEvent(EventFeed.Missed missed) {
        FeedEvent event = new FeedEvent(missed.oldestId() - 1, "missed", new MissedView(missed.lastEventId(),
                missed.oldestId()));
        return event.wire();
    }

    /** The {@code missed} event's data: events after {@code lastEventId} and before {@code oldestId} are gone. */
    public record MissedView(long lastEventId, long oldestId) {
    }

    @Override
    public void close() {
        drop();
        feed.remove(this);
    }
}
