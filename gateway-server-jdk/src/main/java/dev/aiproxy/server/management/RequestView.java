package dev.aiproxy.server.management;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * One finished request as the management API, the event feed and the JSON request log show it: a
 * {@link UsageRecord} with times as ISO-8601 text, durations in milliseconds and the cost in US dollars.
 *
 * @param served who answered (after retries and fallbacks), or null when no upstream did
 * @param tokens the tokens the answer reported, or null
 * @param costUsd null when the answer reported no usage or the model has no price
 */
public record RequestView(String id, String time, String client, String format, String endpoint, String model,
        boolean stream, Served served, int attempts, int status, String outcome, String errorType,
        double durationMs, Double firstByteMs, Tokens tokens, BigDecimal costUsd, boolean cacheHit) {

    /** Who answered: the model clients know, the provider entry, the upstream's model and the key's fingerprint. */
    public record Served(String model, String provider, String upstreamModel, String credential) {
    }

    public record Tokens(long input, long output, long cachedInput, long cacheWrite, long reasoning) {
    }

    public static RequestView of(UsageRecord r) {
        UsageRecord.ServedBy by = r.servedBy();
        Usage u = r.usage();
        return new RequestView(r.requestId(), r.startedAt().toString(), r.client(),
                r.format() == null ? null : r.format().id(), r.endpoint(), r.model(), r.stream(),
                by == null ? null : new Served(by.model(), by.provider(), by.upstreamModel(), by.credential()),
                r.attempts(), r.status(), r.outcome().name().toLowerCase(Locale.ROOT),
                r.errorType() == null ? null : r.errorType().name().toLowerCase(Locale.ROOT), millis(r.duration()),
                r.timeToFirstByte() == null ? null : millis(r.timeToFirstByte()),
                u == null ? null : new Tokens(u.inputTokens(), u.outputTokens(), u.cachedInputTokens(),
                        u.cacheWriteInputTokens(), u.reasoningTokens()),
                r.cost(), r.cacheHit());
    }

    /** Milliseconds with microseconds as the fraction. */
    private static double millis(Duration d) {
        return d.toNanos() / 1000 / 1000.0;
    }
}
