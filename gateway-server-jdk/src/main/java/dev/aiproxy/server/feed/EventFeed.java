package dev.aiproxy.server.feed;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The live event feed: a bounded ring of the latest events, with increasing ids, that subscribers read from.
 *
 * <p>Publishing never waits for a subscriber: a request thread appends to the ring under a lock held only to write
 * two fields (and to wake readers, when one waits for an event). Each subscriber reads the ring from its own cursor, so its buffer is its window into
 * the ring; one that falls more than the ring's capacity behind can no longer be served in order and is dropped (its
 * stream closed, see {@link FeedSubscription}). Subscribers share the ring instead of each having a queue of its own so
 * that publishing costs the same with 100 subscribers as with none: no copy, no offer, and no JSON per subscriber.
 *
 * <p>Ids start at the start time in microseconds, so an id from an earlier run of the server is always older than
 * the ring, and resuming with it reports the gap instead of skipping the new run's first events. Thread-safe.
 */
public final class EventFeed implements AutoCloseable {
    /** About 1.5 KiB an event (its view and its bytes): some 6 MiB when full, for 4 s of backlog at 1,000 req/s. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** The most {@code request} events the feed carries a second, unless told otherwise. */
    public static final int REQUESTS_PER_SECOND = 200;
    /** The second's share goes by this, so a busy second is sampled evenly, not in one burst at its start. */
    private static final Duration SHARE_EVERY = Duration.ofMillis(25);

    private final RateLimiter requestEvents;
    private final LongAdder skippedRequests = new LongAdder();
    private final AtomicReferenceArray<FeedEvent> ring;
    private final int capacity;
    private final long firstId;
    /** Held by publishers to append in id order, and by a reader only to wait: readers read the ring without it. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private final Set<FeedSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** The id the next event gets; written under {@link #lock}, after the event is in its slot. */
    private volatile long nextId;
    /** Readers waiting for an event; guarded by {@link #lock}. Under load none waits, and publishing wakes nobody. */
    private int waiting;
    private volatile boolean closed;

    /**
     * @param capacity how many recent events are kept for resuming
     * @param requestsPerSecond how many {@code request} events go out a second at most, 40 or more
     */
    public EventFeed(int capacity, int requestsPerSecond, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a feed's capacity must be at least 1, was " + capacity);
        }
        if (requestsPerSecond < 40) {
            throw new IllegalArgumentException("a feed carries 40 request events a second or more, not "
                    + requestsPerSecond);
        }
        this.requestEvents = RateLimiter.of("event-feed-requests", RateLimiterConfig.custom()
                .limitRefreshPeriod(SHARE_EVERY)
                .limitForPeriod(requestsPerSecond / (int) (Duration.ofSeconds(1).toMillis() / SHARE_EVERY.toMillis()))
                .timeoutDuration(Duration.ZERO)
                .build());
        this.ring = new AtomicReferenceArray<>(capacity);
        this.capacity = capacity;
        this.firstId = TimeUnit.MILLISECONDS.toMicros(clock.millis());
        this.nextId = firstId;
    }

    /**
     * A finished request's event, for the few a second the feed carries ({@value #REQUESTS_PER_SECOND} unless told
     * otherwise): appended
     * as {@code request} when the second's share allows (the first of each 25 ms), else only counted
     * ({@link #skippedRequests}); {@code data} is made only for those that go. Every subscriber gets the same sample,
     * so each event's JSON is still made once. A busy gateway finishes thousands of requests a second, and each
     * subscriber would otherwise cost it a copy of every one: at 19,000 a second, 100 subscribers took more than half
     * its throughput (docs/performance.md).
     */
    public void publishRequest(Supplier<Object> data) {
        if (requestEvents.acquirePermission()) {
            publish("request", data.get());
        } else {
            skippedRequests.increment();
        }
    }

    /** Requests left out of the feed's {@code request} events so far. */
    public long skippedRequests() {
        return skippedRequests.sum();
    }

    /** Appends an event and wakes the subscribers; never blocks on them. Returns the event. */
    public FeedEvent publish(String name, Object data) {
        lock.lock();
        try {
            long id = nextId;
            FeedEvent event = new FeedEvent(id, name, data);
            ring.set(slot(id), event);
            nextId = id + 1;
            if (waiting > 0) {
                published.signalAll();
            }
            return event;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new subscriber, reading from the next event on, or, with {@code lastEventId}, from the event after it: those
     * still in the ring come first, and when some already left it, a {@code missed} event says so before them.
     *
     * @throws IllegalStateException when the feed is closed
     */
    public FeedSubscription subscribe(Long lastEventId) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the event feed is closed");
            }
            long from = nextId;
            Missed missed = null;
            if (lastEventId != null && lastEventId < nextId - 1) {
                long oldest = oldestId();
                from = Math.max(lastEventId + 1, oldest);
                if (lastEventId + 1 < oldest) {
                    missed = new Missed(lastEventId, oldest);
                }
            }
            FeedSubscription subscription = new FeedSubscription(this, from, missed);
            subscriptions.add(subscription);
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    /** What a subscriber resuming from {@code lastEventId} could not get: every event before {@code oldestId}. */
    public record Missed(long lastEventId, long oldestId) {
    }

    /** The subscribers now connected. */
    public int subscribers() {
        return subscriptions.size();
    }

    /**
     * Drops every subscriber that has fallen out of the ring: it cannot be served in order any more. Called once a
     * second, so a subscriber that stopped reading (its thread stuck writing to a full socket) is found even though
     * it never asks for more.
     */
    public void dropLagging() {
        long oldest = oldestId();
        for (FeedSubscription s : subscriptions) {
            if (s.cursor() < oldest) {
                s.drop();
            }
        }
    }

    /**
     * The events from {@code cursor} on, waiting up to {@code waitNanos} for one when there are none yet; null when
     * the subscriber fell out of the ring. Reads the ring without the lock: an event overwritten while it was read
     * shows by its id, and means the reader fell out too.
     *
     * @throws InterruptedException when the subscriber's thread is interrupted (it was dropped, or the server stops)
     */
    List<FeedEvent> read(long cursor, long waitNanos) throws InterruptedException {
        long end = nextId;
        if (cursor >= end) {
            lock.lockInterruptibly();
            try {
                waiting++;
                long nanos = waitNanos;
                while (cursor >= nextId && nanos > 0 && !closed) {
                    nanos = published.awaitNanos(nanos);
                }
            } finally {
                waiting--;
                lock.unlock();
            }
            end = nextId;
        }
        if (cursor < end - capacity) {
            return null;
        }
        List<FeedEvent> events = new ArrayList<>((int) Math.max(0, end - cursor));
        for (long id = cursor; id < end; id++) {
            FeedEvent event = ring.get(slot(id));
            if (event == null || event.id() != id) {
                return null;
            }
            events.add(event);
        }
        return events;
    }

    void remove(FeedSubscription subscription) {
        subscriptions.remove(subscription);
    }

    boolean closed() {
        return closed;
    }

    /** Ends every subscriber's stream; later subscriptions are refused. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            published.signalAll();
        } finally {
            lock.unlock();
        }
        subscriptions.forEach(FeedSubscription::drop);
    }

    private long oldestId() {
        return Math.max(firstId, nextId - capacity);
    }

    private int slot(long id) {
        return (int) ((id - firstId) % capacity);
    }
}
