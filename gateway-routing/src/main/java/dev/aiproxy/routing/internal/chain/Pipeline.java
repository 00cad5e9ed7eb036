package dev.aiproxy.routing.internal.chain;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The gateway's steps in order, run for each request before its terminal (the upstream call), and the pricing of each
 * request's record before its end is told. Immutable.
 */
public final class Pipeline {
    private final List<Interceptor> steps;
    private final BiFunction<GatewayConfig, UsageRecord, UsageRecord> pricing;

    /** What answers a request once every step has passed it on: dispatching it upstream. */
    @FunctionalInterface
    public interface Terminal {
        Answer answer(Call call, Tally tally);
    }

    /**
     * A step that wants the end of every chat request, even of one that failed before the chain could run (its body
     * could not be read, so there is no {@link Call} to give it).
     */
    public interface Observer extends Interceptor {
        /** Told each request's end. */
        Consumer<UsageRecord> observer();
    }

    public Pipeline(List<Interceptor> steps) {
        this(steps, null);
    }

    /** @param pricing the record with its cost, under the config the request is served with; null for none */
    public Pipeline(List<Interceptor> steps, BiFunction<GatewayConfig, UsageRecord, UsageRecord> pricing) {
        this.steps = List.copyOf(steps);
        this.pricing = pricing;
    }

    /**
     * The record of the request a chain belongs to, for the gateway's own steps that must mark it (a response cache
     * hit). Only a chain this pipeline made has one.
     *
     * @throws IllegalArgumentException for a chain this pipeline did not make
     */
    public static Tally tallyOf(Interceptor.Chain chain) {
        if (chain instanceof RequestChain requestChain) {
            return requestChain.tally();
        }
        throw new IllegalArgumentException("not a chain of the gateway's pipeline: " + chain.getClass().getName());
    }

    /** A request failed before it had a call: its end goes to the {@link Observer observing} steps all the same. */
    public void failedBeforeChain(Tally tally) {
        for (Interceptor step : steps) {
            if (step instanceof Observer observer) {
                tally.onEnd(observer.observer());
            }
        }
    }

    /** Runs the call through every step, then the terminal. */
    public Answer run(Call call, Tally tally, Terminal terminal) {
        if (pricing != null) {
            GatewayConfig config = call.config();
            tally.pricedBy(record -> pricing.apply(config, record));
        }
        if (steps.isEmpty()) {
            return terminal.answer(call, tally);
        }
        Interceptor first = steps.getFirst();
        return RequestChain.answered(first.intercept(new RequestChain(steps, 0, call, tally, terminal)), first);
    }
}
