package dev.aiproxy.routing.internal.limits;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.ClientConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each client's requests-per-minute and tokens-per-minute limits, with resilience4j-ratelimiter. Tokens are estimated
 * from the request body before it goes upstream (about four bytes a token), then corrected once the answer's usage is
 * known. A limiter is kept per client name and limit, outside the config snapshot, so a reload that leaves a client's
 * limits alone keeps its count. Thread-safe.
 */
public final class ClientRateLimits {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    /** The rate-limit headers of an admitted request, as OpenAI sends them ({@code x-ratelimit-*}). */
    public record Admission(Map<String, String> headers) {
        static final Admission UNLIMITED = new Admission(Map.of());
    }

    /**
     * Takes one request and its estimated tokens from the client's allowance. Both are checked before either is
     * taken, so a request refused on one limit spends nothing of the other. (Two requests of one client racing for
     * the last permits may both pass the check, and the second then spends its request permit while its tokens are
     * refused: the limiter cannot give a permit back.)
     *
     * @throws RateLimitedException (429) when either limit is spent, with its {@code x-ratelimit-*} headers
     */
    public Admission admit(ClientConfig client, long estimatedTokens) {
        if (client.requestsPerMinute() == 0 && client.tokensPerMinute() == 0) {
            return Admission.UNLIMITED;
        }
        RateLimiter requests = client.requestsPerMinute() > 0 ? limiter(client, "requests", client.requestsPerMinute())
                : null;
        RateLimiter tokens = client.tokensPerMinute() > 0 ? limiter(client, "tokens", client.tokensPerMinute())
                : null;
        int tokenPermits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, estimatedTokens));
        if (tokens != null && estimatedTokens > client.tokensPerMinute()) {
            throw new RateLimitedException("Request too large for client '" + client.name() + "': about "
                    + estimatedTokens + " tokens, more than its limit of " + client.tokensPerMinute()
                    + " tokens per minute", null, headers(requests, tokens));
        }
        if (requests != null && available(requests) < 1) {
            throw exceeded(client, "requests", requests, requests, tokens);
        }
        if (tokens != null && available(tokens) < tokenPermits) {
            throw exceeded(client, "tokens", tokens, requests, tokens);
        }
        if (requests != null && !requests.acquirePermission()) {
            throw exceeded(client, "requests", requests, requests, tokens);
        }
        if (tokens != null && !tokens.acquirePermission(tokenPermits)) {
            throw exceeded(client, "tokens", tokens, requests, tokens);
        }
        return new Admission(headers(requests, tokens));
    }

    /** The permits the limiter has now, its period refreshed. */
    private static int available(RateLimiter limiter) {
        return limiter.getMetrics().getAvailablePermissions();
    }

    /** Charges what the answer really used beyond the estimate; a shortfall empties the allowance. */
    public void settle(ClientConfig client, long estimatedTokens, long actualTokens) {
        if (client.tokensPerMinute() == 0 || actualTokens <= estimatedTokens) {
            return;
        }
        RateLimiter tokens = limiter(client, "tokens", client.tokensPerMinute());
        int extra = (int) Math.min(Integer.MAX_VALUE, actualTokens - estimatedTokens);
        if (!tokens.acquirePermission(extra)) {
            tokens.drainPermissions();
        }
    }

    private RateLimiter limiter(ClientConfig client, String kind, long limit) {
        String name = client.name() + "/" + kind + "/" + limit;
        return limiters.computeIfAbsent(name, n -> RateLimiter.of(n, RateLimiterConfig.custom()
                .limitForPeriod((int) Math.min(Integer.MAX_VALUE, limit))
                .limitRefreshPeriod(WINDOW)
                .timeoutDuration(Duration.ZERO)
                .build()));
    }

    private static RateLimitedException exceeded(ClientConfig client, String kind, RateLimiter spent,
            RateLimiter requests, RateLimiter tokens) {
        Duration wait = untilRefill(spent);
        return new RateLimitedException("Rate limit reached for client '" + client.name() + "' on " + kind
                + " per minute: limit " + spent.getRateLimiterConfig().getLimitForPeriod() + ". Please try again in "
                + Math.max(1, wait.toSeconds()) + "s.", wait, headers(requests, tokens));
    }

    private static Duration untilRefill(RateLimiter limiter) {
        if (limiter instanceof AtomicRateLimiter atomic) {
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        return WINDOW;
    }

    private static Map<String, String> headers(RateLimiter requests, RateLimiter tokens) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "requests", requests);
        put(out, "tokens", tokens);
        return out;
    }

    private static void put(Map<String, String> out, String kind, RateLimiter limiter) {
        if (limiter == null) {
            return;
        }
        out.put("x-ratelimit-limit-" + kind, Integer.toString(limiter.getRateLimiterConfig().getLimitForPeriod()));
        out.put("x-ratelimit-remaining-" + kind,
                Integer.toString(Math.max(0, limiter.getMetrics().getAvailablePermissions())));
        out.put("x-ratelimit-reset-" + kind, Math.max(1, untilRefill(limiter).toSeconds()) + "s");
    }
}
