package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import dev.aiproxy.translate.StreamEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves a request in the client's own wire format. When the upstream that answers speaks that format too, the body
 * passes through with only the model rewritten, and the answer is relayed byte for byte; otherwise both are translated
 * through the canonical model. Which upstream answers, after retries and fallbacks, is the dispatcher's choice; the
 * answer names the client-visible model that served it in {@value #MODEL_HEADER}. Thread-safe.
 */
public final class RawExchange {
    /** The response header naming the model that answered, which differs from the one asked for after a fallback. */
    public static final String MODEL_HEADER = "X-Gateway-Model";
    private static final System.Logger LOG = System.getLogger(RawExchange.class.getName());

    private final UpstreamDispatcher dispatcher;
    private final CandidateSelector selector;
    private final UpstreamCaller caller;
    private final ConversationHistory history;

    public RawExchange(UpstreamDispatcher dispatcher, CandidateSelector selector, UpstreamCaller caller,
            ConversationHistory history) {
        this.dispatcher = dispatcher;
        this.selector = selector;
        this.caller = caller;
        this.history = history;
    }

    /** Never throws: every failure becomes an error response in the client's format. */
    public GatewayResponse handle(RoutingTable table, RawRequest request) {
        return answering(request, codec -> {
            RoutingFields fields = codec.peek(request.body());
            String model = request.pathModel() != null ? request.pathModel() : fields.model();
            boolean stream = request.pathStream() != null ? request.pathStream() : fields.stream();
            ConversationState state = ConversationState.of(request.format(), history);
            UpstreamBodies bodies = new UpstreamBodies(request, fields, codec, model, stream, state, table.payload());
            UpstreamDispatcher.Success answer = dispatcher.dispatch(table, model, stream, Operation.GENERATE,
                    request.context(), bodies::forCandidate);
            LOG.log(System.Logger.Level.DEBUG, () -> request.format().id() + " " + model + (stream ? " (stream)" : "")
                    + " answered by " + answer.candidate().credential().id() + " "
                    + answer.candidate().provider().format().id() + " " + answer.candidate().upstreamModel());
            if (answer.candidate().provider().format() == request.format()) {
                return relay(answer, stream);
            }
            return translate(codec, answer, bodies.chat(), model, stream, state);
        });
    }

    /** Counts a request's input tokens: asks the upstream when it can count, else estimates. Never throws. */
    public GatewayResponse countTokens(RoutingTable table, RawRequest request) {
        return answering(request, codec -> {
            ChatRequest chat = codec.decodeCountTokensRequest(request.body());
            String model = request.pathModel() != null ? request.pathModel() : chat.model();
            Route route = table.registry().resolve(model);
            Candidate candidate = selector.order(route, table.config().resilience().strategy()).getFirst();
            long tokens;
            if (candidate.provider().supports(Operation.COUNT_TOKENS)) {
                FormatCodec upstream = Codecs.of(candidate.provider().format());
                byte[] body = upstream.encodeCountTokensRequest(chat.withModel(model), candidate.upstreamModel());
                byte[] answer;
                try (UpstreamResponse response = caller.callOnce(candidate, body, Operation.COUNT_TOKENS, table,
                        request.context())) {
                    answer = BoundedReader.readAll(response.body(), BoundedReader.MAX_ERROR_BYTES, "token count");
                }
                tokens = upstream.decodeTokenCount(answer);
            } else {
                tokens = TokenEstimator.estimate(chat);
            }
            return new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                    new GatewayResponse.Bytes(codec.encodeTokenCount(tokens)));
        });
    }

    private static GatewayResponse answering(RawRequest request, Function<FormatCodec, GatewayResponse> work) {
        FormatCodec codec = Codecs.of(request.format());
        try {
            return work.apply(codec);
        } catch (GatewayException e) {
            return GatewayResponse.error(request.format(), e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving a " + request.format().id() + " request", e);
            return GatewayResponse.error(request.format(),
                    new InternalGatewayException("the gateway failed unexpectedly: " + e.getClass().getSimpleName(), e));
        }
    }

    private static GatewayResponse relay(UpstreamDispatcher.Success answer, boolean stream) {
        UpstreamResponse response = answer.response();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", response.header("content-type")
                .orElse(stream ? "text/event-stream" : "application/json"));
        if (stream) {
            headers.put("Cache-Control", "no-cache");
        }
        headers.put(MODEL_HEADER, answer.model());
        return new GatewayResponse(response.status(), headers, new RelayBody(response, stream));
    }

    private static GatewayResponse translate(FormatCodec codec, UpstreamDispatcher.Success answer, ChatRequest chat,
            String model, boolean stream, ConversationState state) {
        FormatCodec upstream = Codecs.of(answer.candidate().provider().format());
        if (!stream) {
            byte[] bytes;
            try (UpstreamResponse response = answer.response()) {
                bytes = BoundedReader.readAll(response.body(), BoundedReader.MAX_RESPONSE_BYTES, "upstream answer");
            }
            ChatResponse decoded = upstream.decodeResponse(bytes);
            ChatResponse shown = decoded.withModel(model).withId(state.responseId(decoded.id()));
            state.remember(chat, shown);
            return new GatewayResponse(200, Map.of("Content-Type", codec.jsonContentType(), MODEL_HEADER,
                    answer.model()), new GatewayResponse.Bytes(codec.encodeResponse(shown)));
        }
        StreamEncoder encoder = codec.newStreamEncoder(chat);
        UpstreamEvents events = new UpstreamEvents(answer.response(), upstream.newStreamDecoder(), model,
                state::responseId);
        return new GatewayResponse(200, Map.of("Content-Type", encoder.contentType(), "Cache-Control", "no-cache",
                MODEL_HEADER, answer.model()),
                new TranslatedStreamBody(events, encoder, state.remembers(chat) ? a -> state.remember(chat, a) : null));
    }
}
