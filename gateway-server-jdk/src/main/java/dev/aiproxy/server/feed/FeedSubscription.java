package dev.aiproxy.server.feed;

import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.server.management.ManagementJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's stream of the {@link EventFeed}, as the body of its SSE answer: writes every event from its cursor
 * on, a batch at a time, until it is dropped, it goes away, or the feed closes. Once a second at most, a
 * {@code skipped} event says how many requests the feed left out of its {@code request} events meanwhile
 * ({@link EventFeed#publishRequest}).
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
     * so 100 subscribers cost at most 1,250 flushes a second however many requests finish (4,000 and 2,000, with 25
     * and 50 ms, took 7% of a saturated gateway's throughput; bench/feed.sh). An event that finds its subscriber
     * waiting goes at once, and one that arrives during the wait at most this late: within the 100 ms a request's
     * event must arrive in.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(80);
    private static final long SKIPPED_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a read waits for an event before looking at the drop and close flags again. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventFeed feed;
    private final EventFeed.Missed missed;
    private final AtomicReference<Thread> writer = new AtomicReference<>();
    private volatile long cursor;
    private volatile boolean dropped;
    /** The feed's count of skipped requests when this subscriber was last told; only its writing thread uses these. */
    private long skippedTold;
    private long skippedToldAt = System.nanoTime();

    FeedSubscription(EventFeed feed, long cursor, EventFeed.Missed missed) {
        this.feed = feed;
        this.cursor = cursor;
        this.missed = missed;
        this.skippedTold = feed.skippedRequests();
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
                for (FeedEvent event : events) {
                    out.write(event.wire());
                }
                tellSkipped(out);
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

    /** Once a second, when the feed left requests out since this subscriber was last told: how many. */
    private void tellSkipped(OutputStream out) throws IOException {
        long now = System.nanoTime();
        if (now - skippedToldAt < SKIPPED_EVERY_NANOS) {
            return;
        }
        long skipped = feed.skippedRequests();
        if (skipped > skippedTold) {
            // no id: a resume goes on from the last event with one
            out.write(("event: skipped\ndata: " + new String(ManagementJson.write(new SkippedView(skipped
                    - skippedTold)), StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        skippedTold = skipped;
        skippedToldAt = now;
    }

    /** The {@code skipped} event's data: requests that had no {@code request} event since the last one. */
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
