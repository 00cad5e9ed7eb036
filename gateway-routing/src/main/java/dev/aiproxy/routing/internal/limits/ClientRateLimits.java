package dev.aiproxy.routing.internal.limits;

import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.state.RateLimitWindow;
import dev.aiproxy.routing.state.RateLimits;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each client's requests-per-minute and tokens-per-minute limits in this process, with resilience4j-ratelimiter.
 * Tokens are estimated from the request body before it goes upstream (about four bytes a token), then corrected once
 * the answer's usage is known. A limiter is kept per client name and limit, outside the config snapshot, so a reload
 * that leaves a client's limits alone keeps its count. Thread-safe.
 */
public final class ClientRateLimits implements RateLimits {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * {@inheritDoc} (Two requests of one client racing for the last permits may both pass the check, and the second
     * then spends its request permit while its tokens are refused: the limiter cannot give a permit back.)
     */
    @Override
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
            throw RateLimitWindow.tooLarge(client, estimatedTokens, window("requests", requests),
                    window("tokens", tokens));
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
        return new Admission(RateLimitWindow.headers(window("requests", requests), window("tokens", tokens)));
    }

    /** The permits the limiter has now, its period refreshed. */
    private static int available(RateLimiter limiter) {
        return limiter.getMetrics().getAvailablePermissions();
    }

    @Override
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

    private static RuntimeException exceeded(ClientConfig client, String kind, RateLimiter spent,
            RateLimiter requests, RateLimiter tokens) {
        return window(kind, spent).exceeded(client, window("requests", requests), window("tokens", tokens));
    }

    private static RateLimitWindow window(String kind, RateLimiter limiter) {
        if (limiter == null) {
            return null;
        }
        return new RateLimitWindow(kind, limiter.getRateLimiterConfig().getLimitForPeriod(),
                Math.max(0, limiter.getMetrics().getAvailablePermissions()), untilRefill(limiter));
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
}
