package dev.aiproxy.routing.internal.usage;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.internal.chain.Pipeline;
import dev.aiproxy.routing.pipeline.Answer;
import java.util.function.Consumer;

/**
 * Usage settlement: hands the priced {@link UsageRecord} of every chat request (not token counts) to the gateway's
 * usage listeners (the application's, the usage store, and those added while it runs) once its answer has ended. The first step of the chain, so it also sees requests that a later step
 * refused, and an observer, so it sees those whose body could not be read.
 */
public final class UsageStep implements Pipeline.Observer {
    private final UsageListeners listener;

    public UsageStep(UsageListeners listener) {
        this.listener = listener;
    }

    @Override
    public Consumer<UsageRecord> observer() {
        return listener;
    }

    @Override
    public Answer intercept(Chain chain) {
        // with nobody listening, the answer's usage is not read (unless a rate limit needs it)
        if (chain.call().operation() == Operation.GENERATE && !listener.isEmpty()) {
            chain.onEnd(listener);
        }
        return chain.proceed(chain.call());
    }
}
