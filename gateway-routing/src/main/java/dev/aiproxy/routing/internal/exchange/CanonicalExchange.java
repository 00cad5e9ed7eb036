package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.internal.chain.Pipeline;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.client.ClientPolicies;
import dev.aiproxy.routing.internal.debug.DebugTrace;
import dev.aiproxy.routing.internal.dispatch.BoundedReader;
import dev.aiproxy.routing.internal.dispatch.DispatchRequest;
import dev.aiproxy.routing.internal.dispatch.UpstreamDispatcher;
import dev.aiproxy.routing.internal.dispatch.UpstreamPlan;
import dev.aiproxy.routing.internal.payload.PayloadRewriter;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.table.RoutingTable;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.translate.Codecs;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Serves typed, in-process requests through the same interceptor chain as the server's: canonical in, canonical out,
 * whatever the upstream that answers speaks, with the same retries, fallbacks and payload rules (rules that name a
 * client format or header do not apply: an in-process call has neither). Thread-safe.
 */
public final class CanonicalExchange {
    /** The client name in the usage records of typed calls not made as a named client. */
    private static final String CLIENT = "in-process";
    /** The endpoint in the usage records of typed calls. */
    private static final String ENDPOINT = "in-process";

    private final Pipeline pipeline;
    private final UpstreamDispatcher dispatcher;
    private final Clock clock;

    /** A typed request encoded for one candidate: always a translation through the canonical model. */
    private record Encoded(byte[] body) implements UpstreamPlan {
    }

    public CanonicalExchange(Pipeline pipeline, UpstreamDispatcher dispatcher, Clock clock) {
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * @param context the client the call is made as: {@link RequestContext#ANONYMOUS} for the gateway's own typed
     *     calls, recorded as {@value #CLIENT}
     * @throws GatewayException on any failure
     */
    public ChatResponse chat(RoutingTable table, RequestContext context, ChatRequest request) {
        ChatRequest unstreamed = request.stream() ? request.toBuilder().stream(false).build() : request;
        return switch (run(table, context, unstreamed, false, (call, tally) -> whole(table, call, tally))) {
            case Answer.Whole whole -> whole.response();
            case Answer other -> throw kindMismatch(other, "a whole answer");
        };
    }

    /** @throws GatewayException when the stream cannot start */
    public ChatStream stream(RoutingTable table, RequestContext context, ChatRequest request) {
        ChatRequest streamed = request.stream() ? request : request.toBuilder().stream(true).build();
        return switch (run(table, context, streamed, true, (call, tally) -> streaming(table, call, tally))) {
            case Answer.Streaming streaming -> streaming.stream();
            case Answer other -> throw kindMismatch(other, "a stream");
        };
    }

    private Answer run(RoutingTable table, RequestContext context, ChatRequest request, boolean stream,
            Pipeline.Terminal terminal) {
        String client = context.client() == ClientConfig.ANONYMOUS ? CLIENT : context.client().name();
        Tally tally = new Tally(clock, context.requestId(), client, null, ENDPOINT);
        tally.asked(request.model(), stream);
        Call call = Call.typed(table.config(), context, request, stream, m -> table.registry().resolve(m).view());
        try {
            return pipeline.run(call, tally, terminal);
        } catch (GatewayException e) {
            tally.failed(e.status(), e.errorType());
            throw e;
        }
    }

    private Answer whole(RoutingTable table, Call call, Tally tally) {
        UpstreamDispatcher.Success<Encoded> answer = dispatch(table, call, tally);
        byte[] bytes;
        try (UpstreamResponse response = answer.response()) {
            bytes = BoundedReader.readAll(response, (int) table.config().limits().maxResponseBodyBytes(),
                    "answer");
        }
        ChatResponse decoded = Codecs.of(answer.candidate().format()).decodeResponse(bytes)
                .withModel(call.model());
        tally.completed(200, decoded.usage());
        return new Answer.Whole(decoded);
    }

    private Answer streaming(RoutingTable table, Call call, Tally tally) {
        UpstreamDispatcher.Success<Encoded> answer = dispatch(table, call, tally);
        return new Answer.Streaming(new UpstreamChatStream(new UpstreamEvents(answer.response(),
                Codecs.of(answer.candidate().format()).newStreamDecoder(), call.model(),
                UnaryOperator.identity(), (int) table.config().limits().maxStreamEventBytes()), tally));
    }

    private UpstreamDispatcher.Success<Encoded> dispatch(RoutingTable table, Call call, Tally tally) {
        UpstreamDispatcher.Success<Encoded> answer = dispatcher.dispatch(table, new DispatchRequest<>(call.model(),
                call.stream(), Operation.GENERATE, c -> encode(table, call, c), ClientPolicies.eligible(call.client()),
                call.context(), call.upstreamHeaders(), DebugTrace.OFF, tally::attempted));
        Candidate served = answer.candidate();
        tally.servedBy(new UsageRecord.ServedBy(answer.model(), served.providerName(), served.upstreamModel(),
                served.credential().identity(served.providerName())));
        return answer;
    }

    private static Encoded encode(RoutingTable table, Call call, Candidate candidate) {
        ChatRequest request = call.request().model().equals(call.model()) ? call.request()
                : call.request().withModel(call.model());
        byte[] body = Codecs.of(candidate.format()).encodeRequest(request, candidate.upstreamModel());
        return new Encoded(table.payload().rewrite(body, new PayloadRewriter.Scope(candidate.format(),
                candidate.upstreamModel(), null, call.model(), RequestContext.HeaderLookup.NONE)));
    }

    private static IllegalStateException kindMismatch(Answer answer, String expected) {
        return new IllegalStateException("an interceptor answered a typed call with " + answer.getClass()
                .getSimpleName() + " where " + expected + " was asked for");
    }
}
