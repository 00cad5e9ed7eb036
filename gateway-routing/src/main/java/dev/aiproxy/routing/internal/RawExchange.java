package dev.aiproxy.routing.internal;

import dev.aiproxy.api.ApiFormat;
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
 * Serves a request in the client's own wire format. When the chosen upstream speaks that format too, the body passes
 * through with only the model rewritten, and the answer is relayed byte for byte; otherwise both are translated
 * through the canonical model. Thread-safe.
 */
public final class RawExchange {
    private static final System.Logger LOG = System.getLogger(RawExchange.class.getName());

    private final UpstreamCaller caller;
    private final ConversationHistory history;

    public RawExchange(UpstreamCaller caller, ConversationHistory history) {
        this.caller = caller;
        this.history = history;
    }

    /** Never throws: every failure becomes an error response in the client's format. */
    public GatewayResponse handle(RoutingTable table, RawRequest request) {
        return answering(request, codec -> {
            RoutingFields fields = codec.peek(request.body());
            String model = request.pathModel() != null ? request.pathModel() : fields.model();
            boolean stream = request.pathStream() != null ? request.pathStream() : fields.stream();
            Candidate candidate = table.registry().resolve(model).next();
            ApiFormat upstreamFormat = candidate.provider().format();
            LOG.log(System.Logger.Level.DEBUG, () -> request.format().id() + " " + model + (stream ? " (stream)" : "")
                    + " -> " + candidate.credential().id() + " " + upstreamFormat.id() + " "
                    + candidate.upstreamModel());
            if (upstreamFormat == request.format()) {
                return passthrough(table, request, fields, candidate, stream);
            }
            return translate(table, request, codec, model, stream, candidate);
        });
    }

    /**
     * Counts a request's input tokens: asks the upstream when it can count, else estimates. Never throws.
     */
    public GatewayResponse countTokens(RoutingTable table, RawRequest request) {
        return answering(request, codec -> {
            ChatRequest chat = codec.decodeCountTokensRequest(request.body());
            String model = request.pathModel() != null ? request.pathModel() : chat.model();
            Candidate candidate = table.registry().resolve(model).next();
            long tokens;
            if (candidate.provider().supports(Operation.COUNT_TOKENS)) {
                FormatCodec upstream = Codecs.of(candidate.provider().format());
                byte[] body = upstream.encodeCountTokensRequest(chat.withModel(model), candidate.upstreamModel());
                byte[] answer;
                try (UpstreamResponse response = caller.call(candidate, body, false, Operation.COUNT_TOKENS,
                        table.config().timeouts())) {
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

    private GatewayResponse passthrough(RoutingTable table, RawRequest request, RoutingFields fields,
            Candidate candidate, boolean stream) {
        byte[] body = fields.withModel(request.body(), candidate.upstreamModel());
        UpstreamResponse response = caller.call(candidate, body, stream, Operation.GENERATE, table.config().timeouts());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", response.header("content-type")
                .orElse(stream ? "text/event-stream" : "application/json"));
        if (stream) {
            headers.put("Cache-Control", "no-cache");
        }
        return new GatewayResponse(response.status(), headers, new RelayBody(response, stream));
    }

    private GatewayResponse translate(RoutingTable table, RawRequest request, FormatCodec codec, String model,
            boolean stream, Candidate candidate) {
        ConversationState state = ConversationState.of(request.format(), history);
        ChatRequest decoded = codec.decodeRequest(request.body());
        if (!decoded.model().equals(model) || decoded.stream() != stream) {
            decoded = decoded.toBuilder().model(model).stream(stream).build();
        }
        ChatRequest chat = state.restore(decoded);
        FormatCodec upstream = Codecs.of(candidate.provider().format());
        byte[] body = upstream.encodeRequest(chat, candidate.upstreamModel());
        if (!stream) {
            byte[] answer;
            try (UpstreamResponse response = caller.call(candidate, body, false, Operation.GENERATE,
                    table.config().timeouts())) {
                answer = BoundedReader.readAll(response.body(), BoundedReader.MAX_RESPONSE_BYTES, "upstream answer");
            }
            ChatResponse upstreamAnswer = upstream.decodeResponse(answer);
            ChatResponse shown = upstreamAnswer.withModel(model).withId(state.responseId(upstreamAnswer.id()));
            state.remember(chat, shown);
            return new GatewayResponse(200, Map.of("Content-Type", codec.jsonContentType()),
                    new GatewayResponse.Bytes(codec.encodeResponse(shown)));
        }
        UpstreamResponse response = caller.call(candidate, body, true, Operation.GENERATE, table.config().timeouts());
        StreamEncoder encoder = codec.newStreamEncoder(chat);
        UpstreamEvents events = new UpstreamEvents(response, upstream.newStreamDecoder(), model, state::responseId);
        ChatRequest asked = chat;
        return new GatewayResponse(200, Map.of("Content-Type", encoder.contentType(), "Cache-Control", "no-cache"),
                new TranslatedStreamBody(events, encoder,
                        state.remembers(chat) ? answer -> state.remember(asked, answer) : null));
    }
}
