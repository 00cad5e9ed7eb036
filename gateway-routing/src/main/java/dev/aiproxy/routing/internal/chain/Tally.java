package dev.aiproxy.routing.internal.chain;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request's record while it is served: filled in as the request is read, routed and answered, and told to the
 * listeners the chain's steps registered once the answer ends, as a {@link UsageRecord}. The first ending wins; later
 * ones are ignored. An answer body calls {@link #completed} when it was written whole, and {@link #interrupted} when
 * it is closed (which does nothing after a completion). Thread-safe: a streamed answer may end on another thread.
 */
public final class Tally {
    private static final System.Logger LOG = System.getLogger(Tally.class.getName());

    private final Instant startedAt;
    private final long startNanos;
    private final String client;
    private final ApiFormat format;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Consumer<UsageRecord>> listeners = new ArrayList<>(2);
    private volatile String model;
    private volatile boolean stream;
    private volatile UsageRecord.ServedBy servedBy;

    /**
     * @param client the client's name in the record
     * @param format the client's wire format, or null for a typed call
     */
    public Tally(Clock clock, String client, ApiFormat format) {
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
        this.client = client;
        this.format = format;
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

    /** The upstream that answered. */
    public void servedBy(UsageRecord.ServedBy servedBy) {
        this.servedBy = servedBy;
    }

    /** The whole answer reached the client; {@code usage} is null when it reported none. */
    public void completed(int status, Usage usage) {
        end(status, UsageRecord.Outcome.COMPLETED, usage);
    }

    /** The client got an error instead of an answer. */
    public void failed(int status) {
        end(status, UsageRecord.Outcome.FAILED, null);
    }

    /** The answer began but did not end whole, after {@code usageSoFar} (or null). */
    public void interrupted(int status, Usage usageSoFar) {
        end(status, UsageRecord.Outcome.INTERRUPTED, usageSoFar);
    }

    private void end(int status, UsageRecord.Outcome outcome, Usage usage) {
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
        UsageRecord record = new UsageRecord(startedAt, Duration.ofNanos(System.nanoTime() - startNanos), client,
                format, model, stream, servedBy, status, outcome, usage);
        for (Consumer<UsageRecord> listener : told) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of the request's end failed; the request was served",
                        e);
            }
        }
    }
}
