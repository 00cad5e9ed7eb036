package dev.aiproxy.routing.state;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.ClientConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One limit of one client as it stands: what the minute allows, what is left and when it refills. Every {@link
 * RateLimits} implementation answers through these, so a client sees the same headers and messages whichever keeps
 * the count.
 *
 * @param kind {@code requests} or {@code tokens}
 */
public record RateLimitWindow(String kind, long limit, long remaining, Duration reset) {

    /** The {@code x-ratelimit-*} headers of the windows given (either may be null: that limit is not set). */
    public static Map<String, String> headers(RateLimitWindow requests, RateLimitWindow tokens) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RateLimitWindow w : new RateLimitWindow[] {requests, tokens}) {
            if (w != null) {
                out.put("x-ratelimit-limit-" + w.kind, Long.toString(w.limit));
                out.put("x-ratelimit-remaining-" + w.kind, Long.toString(Math.max(0, w.remaining)));
                out.put("x-ratelimit-reset-" + w.kind, Math.max(1, w.reset.toSeconds()) + "s");
            }
        }
        return out;
    }

    /** The 429 for this window spent, naming the client, the limit and when to try again. */
    public RateLimitedException exceeded(ClientConfig client, RateLimitWindow requests, RateLimitWindow tokens) {
        return new RateLimitedException("Rate limit reached for client '" + client.name() + "' on " + kind
                + " per minute: limit " + limit + ". Please try again in " + Math.max(1, reset.toSeconds()) + "s.",
                reset, headers(requests, tokens));
    }

    /** The 429 for a request whose estimate alone is over the client's tokens per minute. */
    public static RateLimitedException tooLarge(ClientConfig client, long estimatedTokens, RateLimitWindow requests,
            RateLimitWindow tokens) {
        return new RateLimitedException("Request too large for client '" + client.name() + "': about "
                + estimatedTokens + " tokens, more than its limit of " + client.tokensPerMinute()
                + " tokens per minute", null, headers(requests, tokens));
    }
}
