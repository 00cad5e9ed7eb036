package dev.aiproxy.routing.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of usage totals. A dimension the query did not group by is null.
 *
 * @param period the start of the UTC day or hour, when grouped by one
 * @param client the client, when grouped by client
 * @param model the model, when grouped by model
 * @param provider the provider, when grouped by provider (null also for requests no provider answered)
 * @param requests how many requests
 * @param failed how many of them failed
 * @param inputTokens input tokens, cached ones included
 * @param outputTokens output tokens, reasoning included
 * @param cachedInputTokens input tokens read from a cache
 * @param cacheWriteInputTokens input tokens written to a cache
 * @param reasoningTokens reasoning tokens
 * @param cost the cost in US dollars of the requests that have one
 * @param unpricedRequests requests that used tokens but have no cost (a model without a price): {@code cost}
 *     leaves them out
 * @param duration the requests' durations added up: over {@code requests}, their mean latency
 */
public record UsageTotal(Instant period, String client, String model, String provider, long requests, long failed,
        long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteInputTokens,
        long reasoningTokens, BigDecimal cost, long unpricedRequests, Duration duration) {

    /** The requests' mean duration, or zero when there are none. */
    public Duration meanDuration() {
        return requests == 0 ? Duration.ZERO : duration.dividedBy(requests);
    }
}
