package dev.aiproxy.redis.internal;

import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.state.RateLimitWindow;
import dev.aiproxy.routing.state.RateLimits;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;

/**
 * Client rate limits counted in Redis, so that a client allowed N requests a minute gets N across every instance.
 * One Lua script per admission checks both limits and takes from both atomically (a request refused on one limit
 * spends nothing of the other, which even the in-process limiter cannot promise), in one round trip. The window is
 * fixed, a minute from the first request in it (the key's expiry), as resilience4j's limiter in one process counts.
 * When Redis does not answer within the timeout, the instance's own limiter decides: each instance then allows the
 * full limit, so a client can get up to N times its limit across N instances while Redis is away (documented).
 * Thread-safe.
 */
final class RedisRateLimits implements RateLimits {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * KEYS: the requests and the tokens count. ARGV: the requests limit and the tokens limit (0: none), the tokens
     * asked, the window in ms. Returns {refused (0 none, 1 requests, 2 tokens), requests used, ms left, tokens used,
     * ms left}.
     */
    private static final String ADMIT = """
            local function used(key)
              local n = tonumber(redis.call('GET', key) or '0')
              local ttl = redis.call('PTTL', key)
              if ttl < 0 then ttl = tonumber(ARGV[4]) end
              return n, ttl
            end
            local function take(key, n)
              local now = redis.call('INCRBY', key, n)
              if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[4]) end
              return now
            end
            local rl, tl, t = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local rn, rttl = used(KEYS[1])
            local tn, tttl = used(KEYS[2])
            if rl > 0 and rn + 1 > rl then return {1, rn, rttl, tn, tttl} end
            if tl > 0 and tn + t > tl then return {2, rn, rttl, tn, tttl} end
            if rl > 0 then rn = take(KEYS[1], 1) end
            if tl > 0 then tn = take(KEYS[2], t) end
            return {0, rn, rttl, tn, tttl}
            """;

    /** KEYS: the tokens count. ARGV: the tokens to add, the limit, the window in ms. Never past the limit. */
    private static final String SETTLE = """
            local n = redis.call('INCRBY', KEYS[1], ARGV[1])
            if n > tonumber(ARGV[2]) then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return 0
            """;

    private final BoundedRedis redis;
    private final RateLimits local = RateLimits.inMemory();

    RedisRateLimits(BoundedRedis redis) {
        this.redis = redis;
    }

    @Override
    public Admission admit(ClientConfig client, long estimatedTokens) {
        long rpm = client.requestsPerMinute();
        long tpm = client.tokensPerMinute();
        if (rpm == 0 && tpm == 0) {
            return Admission.UNLIMITED;
        }
        long tokens = Math.max(1, estimatedTokens);
        if (tpm > 0 && estimatedTokens > tpm) {
            // no count is needed to refuse it: nothing taken, nothing asked of Redis
            return local.admit(client, estimatedTokens);
        }
        List<Long> answer;
        try {
            answer = redis.await("rate limit", c -> c.eval(ADMIT, ScriptOutputType.MULTI,
                    new String[] {key(client, "requests", rpm), key(client, "tokens", tpm)},
                    Long.toString(rpm), Long.toString(tpm), Long.toString(tokens),
                    Long.toString(WINDOW.toMillis())));
        } catch (StoreUnavailableException e) {
            return local.admit(client, estimatedTokens);
        }
        RateLimitWindow requests = rpm > 0 ? new RateLimitWindow("requests", rpm, rpm - answer.get(1),
                Duration.ofMillis(answer.get(2))) : null;
        RateLimitWindow tokenWindow = tpm > 0 ? new RateLimitWindow("tokens", tpm, tpm - answer.get(3),
                Duration.ofMillis(answer.get(4))) : null;
        long refused = answer.get(0);
        if (refused == 1) {
            throw requests.exceeded(client, requests, tokenWindow);
        }
        if (refused == 2) {
            throw tokenWindow.exceeded(client, requests, tokenWindow);
        }
        return new Admission(RateLimitWindow.headers(requests, tokenWindow));
    }

    @Override
    public void settle(ClientConfig client, long estimatedTokens, long actualTokens) {
        long tpm = client.tokensPerMinute();
        if (tpm == 0 || actualTokens <= estimatedTokens) {
            return;
        }
        long extra = actualTokens - estimatedTokens;
        redis.send("tokens settled", c -> c.eval(SETTLE, ScriptOutputType.INTEGER,
                new String[] {key(client, "tokens", tpm)}, Long.toString(extra), Long.toString(tpm),
                Long.toString(WINDOW.toMillis())));
    }

    /** One count per client, limit kind and limit: a changed limit starts a new count, as in one process. */
    private static String key(ClientConfig client, String kind, long limit) {
        return "gw:rate:" + client.name() + ":" + kind + ":" + limit;
    }
}
