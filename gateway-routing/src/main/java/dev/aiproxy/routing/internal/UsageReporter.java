package dev.aiproxy.routing.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands a {@link UsageRecord} for each served request to the gateway's usage listener. Without a listener it does
 * nothing, and nothing reads an answer's usage for it. Thread-safe.
 */
public final class UsageReporter {
    private static final System.Logger LOG = System.getLogger(UsageReporter.class.getName());
    /** Reports nothing. */
    public static final UsageReporter NONE = new UsageReporter(null, Clock.systemUTC());

    private final Consumer<UsageRecord> listener;
    private final Clock clock;

    /** @param listener told each record on the thread that served the request, or null for none */
    public UsageReporter(Consumer<UsageRecord> listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** Starts the record of a request the gateway just received. */
    Tally begin(String client, ApiFormat format) {
        return listener == null ? Tally.IDLE : new Tally(this, clock.instant(), System.nanoTime(), client, format);
    }

    private void report(UsageRecord record) {
        try {
            listener.accept(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the usage listener failed on a record; the request was served", e);
        }
    }

    /**
     * One request's record while it is served: filled in as the request is read and answered, reported once when the
     * answer ends. The first ending wins; later ones are ignored.
     */
    static final class Tally {
        /** Records nothing. */
        static final Tally IDLE = new Tally(null, Instant.EPOCH, 0, "", null);

        private final UsageReporter reporter;
        private final Instant startedAt;
        private final long startNanos;
        private final String client;
        private final ApiFormat format;
        private final AtomicBoolean reported = new AtomicBoolean();
        private volatile String model;
        private volatile boolean stream;
        private volatile UsageRecord.ServedBy servedBy;

        private Tally(UsageReporter reporter, Instant startedAt, long startNanos, String client, ApiFormat format) {
            this.reporter = reporter;
            this.startedAt = startedAt;
            this.startNanos = startNanos;
            this.client = client;
            this.format = format;
        }

        /** Whether this records anything; when not, nobody needs to read an answer's usage for it. */
        boolean active() {
            return reporter != null;
        }

        /** The model the client asked for, and whether as a stream. */
        void asked(String model, boolean stream) {
            this.model = model;
            this.stream = stream;
        }

        /** The upstream that answered. */
        void servedBy(UpstreamDispatcher.Success answer) {
            if (reporter != null) {
                Candidate candidate = answer.candidate();
                servedBy = new UsageRecord.ServedBy(answer.model(), candidate.providerName(),
                        candidate.upstreamModel(), candidate.credential().identity(candidate.providerName()));
            }
        }

        /** The whole answer reached the client; {@code usage} is null when it reported none. */
        void completed(int status, Usage usage) {
            end(status, UsageRecord.Outcome.COMPLETED, usage);
        }

        /** The client got an error instead of an answer. */
        void failed(int status) {
            end(status, UsageRecord.Outcome.FAILED, null);
        }

        /** The answer began but did not end whole. */
        void interrupted(int status, Usage usage) {
            end(status, UsageRecord.Outcome.INTERRUPTED, usage);
        }

        private void end(int status, UsageRecord.Outcome outcome, Usage usage) {
            if (reporter == null || !reported.compareAndSet(false, true)) {
                return;
            }
            reporter.report(new UsageRecord(startedAt, Duration.ofNanos(System.nanoTime() - startNanos), client, format,
                    model, stream, servedBy, status, outcome, usage));
        }
    }
}
