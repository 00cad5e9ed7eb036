package dev.aiproxy.routing.internal.chain;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One request's record while it is served: filled in as the request is read, routed and answered, and told to the
 * listeners the chain's steps registered once the answer ends, as a {@link UsageRecord}. The first ending wins; later
 * ones are ignored. An answer body calls {@link #completed} when it was written whole, and {@link #interrupted} when
 * it is closed (which does nothing after a completion). Thread-safe: a streamed answer may end on another thread.
 */
public final class Tally {
    private static final System.Logger LOG = System.getLogger(Tally.class.getName());

    private final String requestId;
    private final Instant startedAt;
    private final long startNanos;
    private final String client;
    private final ApiFormat format;
    private final String endpoint;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Consumer<UsageRecord>> listeners = new ArrayList<>(2);
    private volatile String model;
    private volatile boolean stream;
    private volatile UsageRecord.ServedBy servedBy;
    /** Upstream calls made; counted on the request's thread only. */
    private volatile int attempts;
    /** Nanoseconds from the start to the answer's first byte, or 0 before it. */
    private volatile long firstByteNanos;
    private volatile UnaryOperator<UsageRecord> pricing = UnaryOperator.identity();
    private volatile boolean cacheHit;

    /**
     * @param requestId the request's id, or null to make one
     * @param client the client's name in the record
     * @param format the client's wire format, or null for a typed call
     * @param endpoint the API the client called, as the record names it
     */
    public Tally(Clock clock, String requestId, String client, ApiFormat format, String endpoint) {
        this.requestId = requestId != null ? requestId : dev.aiproxy.routing.RequestIds.next();
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
        this.client = client;
        this.format = format;
        this.endpoint = endpoint;
    }

    /** The request's id. */
    public String requestId() {
        return requestId;
    }

    /** Prices the record before the listeners are told it; set by the chain from the request's config. */
    void pricedBy(UnaryOperator<UsageRecord> pricing) {
        this.pricing = pricing;
    }

    /** One more upstream call was made; called on the request's thread. */
    public void attempted() {
        attempts++;
    }

    /** The answer's first byte is leaving the gateway; later calls change nothing. Cheap enough for every write. */
    public void firstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = Math.max(1, System.nanoTime() - startNanos);
        }
    }

    /** Adds a listener; registered on the request's thread, before the answer can end. */
    synchronized void onEnd(Consumer<UsageRecord> listener) {
        listeners.add(listener);
    }

    /** Whether someone listens, and so whether an answer's usage must be read; reading it costs a parse. */
    public synchronized boolean needsUsage() {
        return !listeners.isEmpty();
    }

    /** The model the client asked for, and whether as a stream. */
    public void asked(String model, boolean stream) {
        this.model = model;
        this.stream = stream;
    }

    /** The response cache answers: no upstream is called, and the answer costs nothing. */
    public void cacheHit() {
        this.cacheHit = true;
    }

    /** The upstream that answered. */
    public void servedBy(UsageRecord.ServedBy servedBy) {
        this.servedBy = servedBy;
    }

    /** The whole answer reached the client; {@code usage} is null when it reported none. */
    public void completed(int status, Usage usage) {
        firstByte();
        end(status, UsageRecord.Outcome.COMPLETED, null, usage);
    }

    /** The client got an error instead of an answer. */
    public void failed(int status, ErrorType error) {
        end(status, UsageRecord.Outcome.FAILED, error, null);
    }

    /** The answer began but the client went away, after {@code usageSoFar} (or null). */
    public void interrupted(int status, Usage usageSoFar) {
        end(status, UsageRecord.Outcome.INTERRUPTED, null, usageSoFar);
    }

    /** The answer began but broke off with {@code error}, after {@code usageSoFar} (or null). */
    public void interrupted(int status, Usage usageSoFar, ErrorType error) {
        end(status, UsageRecord.Outcome.INTERRUPTED, error, usageSoFar);
    }

    private void end(int status, UsageRecord.Outcome outcome, ErrorType error, Usage usage) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        List<Consumer<UsageRecord>> told;
        synchronized (this) {
            if (listeners.isEmpty()) {
                return;
            }
            told = List.copyOf(listeners);
        }
        long firstByte = firstByteNanos;
        boolean hit = cacheHit && outcome != UsageRecord.Outcome.FAILED;
        UsageRecord made = new UsageRecord(requestId, startedAt, Duration.ofNanos(System.nanoTime() - startNanos),
                firstByte == 0 ? null : Duration.ofNanos(firstByte), client, format, endpoint, model, stream,
                servedBy, attempts, status, outcome, error, usage, hit ? java.math.BigDecimal.ZERO : null, hit);
        // a replayed answer called no upstream: it is not priced, it costs nothing
        UsageRecord record = hit ? made : priced(made);
        for (Consumer<UsageRecord> listener : told) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of the request's end failed; the request was served",
                        e);
            }
        }
    }

    private UsageRecord priced(UsageRecord record) {
        try {
            return pricing.apply(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pricing request " + requestId + " failed; its cost is unknown", e);
            return record;
        }
    }
}
