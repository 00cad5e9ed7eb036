package dev.aiproxy.routing.internal.limits;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.state.RateLimits;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import dev.aiproxy.translate.TokenEstimator;

/**
 * Rate limits: admits a chat request against its client's requests and tokens per minute, with the tokens estimated
 * from the request (refused with 429, {@code Retry-After} and {@code x-ratelimit-*}), charges what the answer really
 * used once it has ended whole, and puts the limits' state in the answer's headers.
 */
public final class RateLimitStep implements Interceptor {
    private final RateLimits limits;

    public RateLimitStep(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        ClientConfig client = call.client();
        if (call.operation() != Operation.GENERATE
                || (client.requestsPerMinute() == 0 && client.tokensPerMinute() == 0)) {
            return chain.proceed(call);
        }
        // about four bytes a token: cheap, and the answer's usage corrects it
        long estimate = call.body() != null ? Math.max(1, call.body().length / 4)
                : TokenEstimator.estimate(call.request());
        RateLimits.Admission admission = limits.admit(client, estimate);
        if (client.tokensPerMinute() > 0) {
            chain.onEnd(record -> {
                if (record.outcome() == UsageRecord.Outcome.COMPLETED && record.usage() != null) {
                    limits.settle(client, estimate, record.usage().totalTokens());
                }
            });
        }
        return chain.proceed(call).withHeaders(admission.headers());
    }
}
