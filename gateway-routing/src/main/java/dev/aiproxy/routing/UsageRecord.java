package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.model.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * One request the gateway served, reported to the {@link Gateway.Builder#onUsage usage listener} (and the usage store)
 * once its answer has ended: who asked for which model, which model and credential answered (after retries and
 * fallbacks), the tokens the answer reported, what they cost, and how it ended. The base of cost accounting and
 * request logs; it never holds a key or a body.
 *
 * @param requestId the request's id, also sent to the client as {@code x-request-id}
 * @param startedAt when the gateway received the request
 * @param duration from receiving the request to the end of its answer (the last byte of a stream)
 * @param timeToFirstByte from receiving the request to the first byte of the answer's body leaving the gateway (for a
 *     whole JSON answer, the whole body), or null when no answer began (an error)
 * @param client the client's name: a {@code clients:} entry's, {@code anonymous} for a plain or absent key, or
 *     {@code in-process} for the typed calls of {@link Gateway} (unless made {@link Gateway#asClient as a client})
 * @param format the client's wire format, or null for the typed calls
 * @param endpoint the API the client called, such as {@code /v1/chat/completions}, or {@code in-process}
 * @param model the model the client asked for, or null when the request could not be read
 * @param stream whether the client asked for a stream
 * @param servedBy who answered, or null when no upstream did
 * @param attempts how many upstream calls the request made, retries and fallbacks included
 * @param status the HTTP status the client got
 * @param outcome how the answer ended
 * @param errorType what went wrong, for a failed request or a stream that broke off with an error; null otherwise
 *     (and for a client that went away)
 * @param usage the tokens the answer reported, or null when it reported none
 * @param cost what the tokens cost in US dollars, or null when the answer reported no usage or the model has no
 *     price (never a silent zero); zero for an answer the response cache replayed
 * @param cacheHit whether the response cache replayed a stored answer, so no upstream was called: {@code servedBy} and
 *     {@code usage} are then null and {@code cost} zero
 */
public record UsageRecord(String requestId, Instant startedAt, Duration duration, Duration timeToFirstByte,
        String client, ApiFormat format, String endpoint, String model, boolean stream, ServedBy servedBy,
        int attempts, int status, Outcome outcome, ErrorType errorType, Usage usage, BigDecimal cost,
        boolean cacheHit) {
    public UsageRecord {
        requireNonNull(requestId, "requestId");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(duration, "duration");
        requireNonNull(client, "client");
        requireNonNull(endpoint, "endpoint");
        requireNonNull(outcome, "outcome");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }

    /** A record of an answer that did not come from the response cache. */
    public UsageRecord(String requestId, Instant startedAt, Duration duration, Duration timeToFirstByte,
            String client, ApiFormat format, String endpoint, String model, boolean stream, ServedBy servedBy,
            int attempts, int status, Outcome outcome, ErrorType errorType, Usage usage, BigDecimal cost) {
        this(requestId, startedAt, duration, timeToFirstByte, client, format, endpoint, model, stream, servedBy,
                attempts, status, outcome, errorType, usage, cost, false);
    }

    /** The model the request is accounted to: the one that answered, or the one asked for when none did. */
    public String accountedModel() {
        return servedBy != null ? servedBy.model() : model;
    }

    /** This record with its cost. */
    public UsageRecord withCost(BigDecimal cost) {
        return new UsageRecord(requestId, startedAt, duration, timeToFirstByte, client, format, endpoint, model, stream,
                servedBy, attempts, status, outcome, errorType, usage, cost, cacheHit);
    }

    /** A builder for a record read back from a store, or made by a test. */
    public static Builder builder(String requestId, Instant startedAt) {
        return new Builder(requestId, startedAt);
    }

    /** Builds a {@link UsageRecord}; not thread-safe. */
    public static final class Builder {
        private final String requestId;
        private final Instant startedAt;
        private Duration duration = Duration.ZERO;
        private Duration timeToFirstByte;
        private String client = "anonymous";
        private ApiFormat format;
        private String endpoint = "in-process";
        private String model;
        private boolean stream;
        private ServedBy servedBy;
        private int attempts;
        private int status = 200;
        private Outcome outcome = Outcome.COMPLETED;
        private ErrorType errorType;
        private Usage usage;
        private BigDecimal cost;
        private boolean cacheHit;

        private Builder(String requestId, Instant startedAt) {
            this.requestId = requestId;
            this.startedAt = startedAt;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder timeToFirstByte(Duration timeToFirstByte) {
            this.timeToFirstByte = timeToFirstByte;
            return this;
        }

        public Builder client(String client) {
            this.client = client;
            return this;
        }

        public Builder format(ApiFormat format) {
            this.format = format;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder servedBy(ServedBy servedBy) {
            this.servedBy = servedBy;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder errorType(ErrorType errorType) {
            this.errorType = errorType;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder cost(BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        public Builder cacheHit(boolean cacheHit) {
            this.cacheHit = cacheHit;
            return this;
        }

        /** @throws NullPointerException when a required field is missing */
        public UsageRecord build() {
            return new UsageRecord(requestId, startedAt, duration, timeToFirstByte, client, format, endpoint, model,
                    stream, servedBy, attempts, status, outcome, errorType, usage, cost, cacheHit);
        }
    }

    /**
     * The upstream that answered.
     *
     * @param model the client-visible model that answered: the one asked for, or a fallback of it
     * @param provider the provider entry's name
     * @param upstreamModel the model name the upstream was sent
     * @param credential the credential's stable identity: provider name and key fingerprint, never the key
     */
    public record ServedBy(String model, String provider, String upstreamModel, String credential) {
        public ServedBy {
            requireNonNull(model, "model");
            requireNonNull(provider, "provider");
            requireNonNull(upstreamModel, "upstreamModel");
            requireNonNull(credential, "credential");
        }
    }

    /** How a request ended. */
    public enum Outcome {
        /** The whole answer reached the client. */
        COMPLETED,
        /** The client got an error instead of an answer: its own fault, a limit, or every upstream failed. */
        FAILED,
        /** The answer began but did not end whole: the client went away, or the upstream broke off. */
        INTERRUPTED
    }
}
