package dev.aiproxy.routing.internal.debug;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;

/**
 * Debug trace: with {@code debug: true}, or for one request of the management secret's holder, logs what the client
 * sent and what it got (a stream as it is written), and hands the {@link DebugTrace} on (as the call's tag) so the
 * upstream calls are logged too. Bodies are logged in full up to a cap, every key masked. Only for wire calls.
 */
public final class DebugTraceStep implements Interceptor {

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        if (call.format() == null || call.operation() != Operation.GENERATE) {
            return chain.proceed(call);
        }
        DebugTrace trace = DebugTrace.of(call.context(), call.config());
        if (!trace.active()) {
            return chain.proceed(call);
        }
        trace.clientRequest(call.format(), call.client().name(), call.body());
        Answer answer = chain.proceed(call.withTag(DebugTrace.class, trace));
        if (!(answer instanceof Answer.Wire wire)) {
            return answer;
        }
        GatewayResponse response = wire.response();
        return switch (response.body()) {
            case GatewayResponse.Bytes bytes -> {
                trace.clientAnswer(response.status(), response.headers(), bytes.data());
                yield answer;
            }
            case GatewayResponse.Streamed streamed -> new Answer.Wire(new GatewayResponse(response.status(),
                    response.headers(), trace.tee(response.status(), response.headers(), streamed)));
        };
    }
}
