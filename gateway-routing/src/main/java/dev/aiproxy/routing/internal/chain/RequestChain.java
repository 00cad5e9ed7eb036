package dev.aiproxy.routing.internal.chain;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import java.util.List;
import java.util.function.Consumer;

/** The chain as the step at {@code index} sees it; the one past the last step calls the terminal. */
final class RequestChain implements Interceptor.Chain {
    private final List<Interceptor> steps;
    private final int index;
    private final Call call;
    private final Tally tally;
    private final Pipeline.Terminal terminal;

    RequestChain(List<Interceptor> steps, int index, Call call, Tally tally, Pipeline.Terminal terminal) {
        this.steps = steps;
        this.index = index;
        this.call = call;
        this.tally = tally;
        this.terminal = terminal;
    }

    Tally tally() {
        return tally;
    }

    @Override
    public Call call() {
        return call;
    }

    @Override
    public Answer proceed(Call next) {
        if (index + 1 < steps.size()) {
            RequestChain chain = new RequestChain(steps, index + 1, next, tally, terminal);
            return answered(steps.get(index + 1).intercept(chain), steps.get(index + 1));
        }
        return terminal.answer(next, tally);
    }

    @Override
    public void onEnd(Consumer<UsageRecord> listener) {
        tally.onEnd(java.util.Objects.requireNonNull(listener, "listener"));
    }

    static Answer answered(Answer answer, Interceptor step) {
        if (answer == null) {
            throw new IllegalStateException("the interceptor " + step.getClass().getName() + " returned no answer");
        }
        return answer;
    }
}
