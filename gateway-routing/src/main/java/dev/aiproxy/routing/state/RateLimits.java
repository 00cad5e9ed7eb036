package dev.aiproxy.routing.state;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.internal.limits.ClientRateLimits;
import java.util.Map;

/**
 * Each client's requests-per-minute and tokens-per-minute limits ({@code clients[].requests-per-minute},
 * {@code tokens-per-minute}). Tokens are estimated from the request before it goes upstream, then corrected once the
 * answer's usage is known. Thread-safe.
 */
public interface RateLimits {

    /** The rate-limit headers of an admitted request, as OpenAI sends them ({@code x-ratelimit-*}). */
    record Admission(Map<String, String> headers) {
        public static final Admission UNLIMITED = new Admission(Map.of());

        public Admission {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Takes one request and its estimated tokens from the client's allowance, both checked before either is taken.
     * Blocks at most the store's timeout.
     *
     * @throws RateLimitedException (429) when either limit is spent, with {@code Retry-After} and {@code x-ratelimit-*}
     */
    Admission admit(ClientConfig client, long estimatedTokens);

    /** Charges what the answer really used beyond the estimate; a shortfall empties the allowance. Does not block. */
    void settle(ClientConfig client, long estimatedTokens, long actualTokens);

    /** Limits counted in this process, with resilience4j-ratelimiter. */
    static RateLimits inMemory() {
        return new ClientRateLimits();
    }
}
