package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import java.time.Duration;
import java.time.Instant;

/**
 * One request the gateway served, reported to the {@link Gateway.Builder#onUsage usage listener} once its answer has
 * ended: who asked for which model, which model and credential answered (after retries and fallbacks), the tokens
 * the answer reported, and how it ended. The base of cost accounting and request logs; it never holds a key or a
 * body.
 *
 * @param startedAt when the gateway received the request
 * @param duration from receiving the request to the end of its answer (the last byte of a stream)
 * @param client the client's name: a {@code clients:} entry's, {@code anonymous} for a plain or absent key, or
 *     {@code in-process} for the typed calls of {@link Gateway}
 * @param format the client's wire format, or null for the typed calls
 * @param model the model the client asked for, or null when the request could not be read
 * @param stream whether the client asked for a stream
 * @param servedBy who answered, or null when no upstream did
 * @param status the HTTP status the client got
 * @param outcome how the answer ended
 * @param usage the tokens the answer reported, or null when it reported none
 */
public record UsageRecord(Instant startedAt, Duration duration, String client, ApiFormat format, String model,
        boolean stream, ServedBy servedBy, int status, Outcome outcome, Usage usage) {
    public UsageRecord {
        requireNonNull(startedAt, "startedAt");
        requireNonNull(duration, "duration");
        requireNonNull(client, "client");
        requireNonNull(outcome, "outcome");
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
