package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.internal.JsonValues;
import dev.aiproxy.routing.internal.chain.Pipeline;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.client.ClientPolicies;
import dev.aiproxy.routing.state.ConversationStore;
import dev.aiproxy.routing.internal.conversation.ConversationState;
import dev.aiproxy.routing.internal.debug.DebugTrace;
import dev.aiproxy.routing.internal.dispatch.BoundedReader;
import dev.aiproxy.routing.internal.dispatch.DispatchRequest;
import dev.aiproxy.routing.internal.dispatch.UpstreamCaller;
import dev.aiproxy.routing.internal.dispatch.UpstreamDispatcher;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.CandidateSelector;
import dev.aiproxy.routing.internal.route.Route;
import dev.aiproxy.routing.internal.table.RoutingTable;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import dev.aiproxy.translate.TokenEstimator;
import java.time.Clock;
import java.util.Map;

/**
 * Serves a request in the client's own wire format: reads the model and stream flag from it (without decoding the
 * body), runs it through the interceptor chain, and, as the chain's terminal, dispatches it upstream; each candidate
 * tried is served as its {@link Translation} says. Any failure becomes an error in the client's format. Which upstream
 * answers, after retries and fallbacks, is the dispatcher's choice; the answer names the client-visible model that
 * served it in {@value Translation#MODEL_HEADER}. Thread-safe.
 */
public final class RawExchange {
    private static final System.Logger LOG = System.getLogger(RawExchange.class.getName());

    private final Pipeline pipeline;
    private final UpstreamDispatcher dispatcher;
    private final CandidateSelector selector;
    private final UpstreamCaller caller;
    private final ConversationStore history;
    private final Clock clock;

    public RawExchange(Pipeline pipeline, UpstreamDispatcher dispatcher, CandidateSelector selector,
            UpstreamCaller caller, ConversationStore history, Clock clock) {
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.selector = selector;
        this.caller = caller;
        this.history = history;
        this.clock = clock;
    }

    /** Never throws: every failure becomes an error response in the client's format. */
    public GatewayResponse handle(RoutingTable table, RawRequest request) {
        Tally tally = new Tally(clock, request.context().requestId(), request.context().client().name(),
                request.format(), endpoint(request));
        FormatCodec codec = Codecs.of(request.format());
        GatewayResponse response = answered(request, tally, () -> {
            RoutingFields fields;
            try {
                fields = codec.peek(request.body());
            } catch (RuntimeException e) {
                pipeline.failedBeforeChain(tally);
                throw e;
            }
            String model = request.pathModel() != null ? request.pathModel() : fields.model();
            boolean stream = request.pathStream() != null ? request.pathStream() : fields.stream();
            tally.asked(model, stream);
            Call call = Call.wire(table.config(), request.context(), request.format(), Operation.GENERATE, model,
                    stream, request.body(), m -> table.registry().resolve(m).view());
            return wire(pipeline.run(call, tally, (routed, t) -> new Answer.Wire(
                    generate(table, request, fields, codec, routed, t))), call);
        });
        if (response.body() instanceof GatewayResponse.Bytes) {
            if (response.status() < 400) {
                tally.completed(response.status(), null);
            } else {
                // an error a step answered itself, without an exception: its kind is not known
                tally.failed(response.status(), null);
            }
        }
        return response;
    }

    /** Counts a request's input tokens: asks the upstream when it can count, else estimates. Never throws. */
    public GatewayResponse countTokens(RoutingTable table, RawRequest request) {
        return answered(request, null, () -> {
            FormatCodec codec = Codecs.of(request.format());
            ChatRequest chat = codec.decodeCountTokensRequest(request.body());
            String model = request.pathModel() != null ? request.pathModel() : chat.model();
            Call call = Call.wire(table.config(), request.context(), request.format(), Operation.COUNT_TOKENS, model,
                    false, request.body(), m -> table.registry().resolve(m).view());
            Tally tally = new Tally(clock, request.context().requestId(), call.client().name(), request.format(),
                    endpoint(request));
            return wire(pipeline.run(call, tally, (routed, t) -> new Answer.Wire(
                    countTokens(table, codec, chat, routed))), call);
        });
    }

    /**
     * {@code GET /v1/responses/{id}}: the response object the client was shown, as OpenAI's retrieve returns it, or a
     * 404 in OpenAI's shape when it is not kept (never stored, {@code store: false}, evicted, deleted, or another
     * client's). Never throws.
     */
    public GatewayResponse retrieve(RequestContext context, String responseId) {
        return history.object(responseId, context.client().name())
                .map(object -> new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                        new GatewayResponse.Bytes(object)))
                .orElseGet(() -> notFound(responseId));
    }

    /**
     * {@code DELETE /v1/responses/{id}}: forgets a kept response, so it can be neither read nor continued, and answers
     * as OpenAI's delete does, {@code {"id", "object": "response.deleted", "deleted": true}}; a 404 in OpenAI's shape
     * when it is not kept. Never throws.
     */
    public GatewayResponse delete(RequestContext context, String responseId) {
        if (!history.delete(responseId, context.client().name())) {
            return notFound(responseId);
        }
        com.fasterxml.jackson.databind.node.ObjectNode deleted = JsonValues.MAPPER.createObjectNode()
                .put("id", responseId).put("object", "response.deleted").put("deleted", true);
        byte[] body;
        try {
            body = JsonValues.MAPPER.writeValueAsBytes(deleted);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
        return new GatewayResponse(200, Map.of("Content-Type", "application/json"), new GatewayResponse.Bytes(body));
    }

    /** OpenAI's words for a response it does not have. */
    private static GatewayResponse notFound(String responseId) {
        return GatewayResponse.error(ApiFormat.OPENAI_RESPONSES,
                new NotFoundException("Response with id '" + responseId + "' not found."));
    }

    /** The chain's terminal for an answer: dispatched upstream, each candidate served as its translation says. */
    private GatewayResponse generate(RoutingTable table, RawRequest request, RoutingFields fields, FormatCodec codec,
            Call call, Tally tally) {
        DebugTrace trace = call.tag(DebugTrace.class) != null ? call.tag(DebugTrace.class) : DebugTrace.OFF;
        WireTranslations translations = new WireTranslations(request, fields, codec, call,
                ConversationState.of(request.format(), history, table.config().limits(), call.client().name()),
                table.payload(), table.config().providerPrompts());
        UpstreamDispatcher.Success<Translation> answer = dispatcher.dispatch(table, new DispatchRequest<>(
                call.model(), call.stream(), Operation.GENERATE, translations::forCandidate,
                ClientPolicies.eligible(call.client()), call.context(), call.upstreamHeaders(), trace,
                tally::attempted));
        Candidate served = answer.candidate();
        tally.servedBy(new UsageRecord.ServedBy(answer.model(), served.providerName(), served.upstreamModel(),
                served.credential().identity(served.providerName())));
        LOG.log(System.Logger.Level.DEBUG, () -> call + " answered by " + served.credential().id() + " "
                + served.format().id() + " " + served.upstreamModel());
        return answer.plan().answer(answer, tally, trace, table.config().limits());
    }

    /** The chain's terminal for a token count: one upstream call, no routing around failure. */
    private GatewayResponse countTokens(RoutingTable table, FormatCodec codec, ChatRequest chat, Call call) {
        Route route = table.registry().resolve(call.model());
        Candidate candidate = selector.order(route, table.config().resilience().strategy()).stream()
                .filter(ClientPolicies.eligible(call.client())).findFirst().orElseThrow();
        long tokens;
        if (candidate.provider().supports(Operation.COUNT_TOKENS)) {
            FormatCodec upstream = Codecs.of(candidate.format());
            byte[] body = upstream.encodeCountTokensRequest(chat.withModel(call.model()), candidate.upstreamModel());
            byte[] answer;
            try (UpstreamResponse response = caller.callOnce(candidate, body, Operation.COUNT_TOKENS, table,
                    call.context(), call.upstreamHeaders())) {
                answer = BoundedReader.readAll(response, BoundedReader.MAX_ERROR_BYTES, "token count");
            }
            tokens = upstream.decodeTokenCount(answer);
        } else {
            tokens = TokenEstimator.estimate(chat);
        }
        return new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                new GatewayResponse.Bytes(codec.encodeTokenCount(tokens)));
    }

    private static GatewayResponse wire(Answer answer, Call call) {
        if (answer instanceof Answer.Wire wire) {
            return wire.response();
        }
        throw new IllegalStateException("an interceptor answered the wire call " + call + " with a typed answer, "
                + answer.getClass().getSimpleName());
    }

    /** The API a wire request called, as its usage record names it. */
    static String endpoint(RawRequest request) {
        return switch (request.format()) {
            case OPENAI_CHAT -> "/v1/chat/completions";
            case OPENAI_RESPONSES -> "/v1/responses";
            case ANTHROPIC_MESSAGES -> "/v1/messages";
            case GEMINI -> Boolean.TRUE.equals(request.pathStream()) ? "/v1beta/models/*:streamGenerateContent"
                    : "/v1beta/models/*:generateContent";
            case BEDROCK_CONVERSE -> throw new IllegalStateException("no client endpoint speaks "
                    + request.format().id());
        };
    }

    /** The work's answer, or its failure as an error in the client's format, told to {@code tally} (or null). */
    private static GatewayResponse answered(RawRequest request, Tally tally,
            java.util.function.Supplier<GatewayResponse> work) {
        GatewayException error;
        try {
            return work.get();
        } catch (GatewayException e) {
            error = e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving a " + request.format().id() + " request", e);
            error = new InternalGatewayException("the gateway failed unexpectedly: " + e.getClass().getSimpleName(), e);
        }
        if (tally != null) {
            tally.failed(error.status(), error.errorType());
        }
        return GatewayResponse.error(request.format(), error);
    }
}
