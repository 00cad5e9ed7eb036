package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import dev.aiproxy.translate.StreamEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serves a request in the client's own wire format. When the upstream that answers speaks that format too, the body
 * passes through with only the model rewritten, and the answer is relayed byte for byte; otherwise both are translated
 * through the canonical model. The client's settings apply first: the models it may use, its rate limits, its pinned
 * provider, its system prompt. Which upstream answers, after retries and fallbacks, is the dispatcher's choice; the
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
    private final ClientRateLimits limits;
    private final UsageReporter usage;

    public RawExchange(UpstreamDispatcher dispatcher, CandidateSelector selector, UpstreamCaller caller,
            ConversationHistory history, ClientRateLimits limits, UsageReporter usage) {
        this.dispatcher = dispatcher;
        this.selector = selector;
        this.caller = caller;
        this.history = history;
        this.limits = limits;
        this.usage = usage;
    }

    /** The client's and the request's state while it is served. */
    private record Served(RawRequest request, ClientConfig client, String model, boolean stream, long estimate,
            ClientRateLimits.Admission admission, DebugTrace trace, UsageReporter.Tally tally) {
    }

    /** Never throws: every failure becomes an error response in the client's format. */
    public GatewayResponse handle(RoutingTable table, RawRequest request) {
        ClientConfig client = request.context().client();
        UsageReporter.Tally tally = usage.begin(client.name(), request.format());
        return answering(request, tally, codec -> {
            RoutingFields fields = codec.peek(request.body());
            String model = request.pathModel() != null ? request.pathModel() : fields.model();
            boolean stream = request.pathStream() != null ? request.pathStream() : fields.stream();
            tally.asked(model, stream);
            ClientPolicies.requireAllowed(client, model);
            ClientPolicies.requireServed(client, table.registry().resolve(model));
            // about four bytes a token: cheap, and the answer's usage corrects it
            long estimate = Math.max(1, request.body().length / 4);
            Served served = new Served(request, client, model, stream, estimate, limits.admit(client, estimate),
                    DebugTrace.of(request.context(), table), tally);
            served.trace().clientRequest(request.format(), client.name(), request.body());
            ConversationState state = ConversationState.of(request.format(), history);
            UpstreamBodies bodies = new UpstreamBodies(request, fields, codec, model, stream, state, table.payload(),
                    table.config().providerPrompts());
            UpstreamDispatcher.Success answer = dispatcher.dispatch(table, new DispatchRequest(model, stream,
                    Operation.GENERATE, bodies::forCandidate, ClientPolicies.eligible(client), request.context(),
                    served.trace()));
            tally.servedBy(answer);
            LOG.log(System.Logger.Level.DEBUG, () -> request.format().id() + " " + model + (stream ? " (stream)" : "")
                    + " for " + client.name() + " answered by " + answer.candidate().credential().id() + " "
                    + answer.candidate().provider().format().id() + " " + answer.candidate().upstreamModel());
            GatewayResponse response = answer.candidate().provider().format() == request.format()
                    && client.systemPrompt() == null
                    && !table.config().providerPrompts().containsKey(answer.candidate().providerName())
                    ? relay(answer, served, codec)
                    : translate(codec, answer, bodies.chat(), served, state);
            return served.trace().active() ? traced(response, served.trace()) : response;
        });
    }

    /** Counts a request's input tokens: asks the upstream when it can count, else estimates. Never throws. */
    public GatewayResponse countTokens(RoutingTable table, RawRequest request) {
        return answering(request, UsageReporter.Tally.IDLE, codec -> {
            ChatRequest chat = codec.decodeCountTokensRequest(request.body());
            String model = request.pathModel() != null ? request.pathModel() : chat.model();
            ClientConfig client = request.context().client();
            ClientPolicies.requireAllowed(client, model);
            Route route = table.registry().resolve(model);
            ClientPolicies.requireServed(client, route);
            Candidate candidate = selector.order(route, table.config().resilience().strategy()).stream()
                    .filter(ClientPolicies.eligible(client)).findFirst().orElseThrow();
            long tokens;
            if (candidate.provider().supports(Operation.COUNT_TOKENS)) {
                FormatCodec upstream = Codecs.of(candidate.provider().format());
                byte[] body = upstream.encodeCountTokensRequest(chat.withModel(model), candidate.upstreamModel());
                byte[] answer;
                try (UpstreamResponse response = caller.callOnce(candidate, body, Operation.COUNT_TOKENS, table,
                        request.context())) {
                    answer = BoundedReader.readAll(response, BoundedReader.MAX_ERROR_BYTES, "token count");
                }
                tokens = upstream.decodeTokenCount(answer);
            } else {
                tokens = TokenEstimator.estimate(chat);
            }
            return new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                    new GatewayResponse.Bytes(codec.encodeTokenCount(tokens)));
        });
    }

    private static GatewayResponse answering(RawRequest request, UsageReporter.Tally tally,
            Function<FormatCodec, GatewayResponse> work) {
        GatewayResponse response = failuresAnswered(request, work);
        if (response.body() instanceof GatewayResponse.Bytes) {
            if (response.status() < 400) {
                tally.completed(response.status(), null);
            } else {
                tally.failed(response.status());
            }
        }
        return response;
    }

    private static GatewayResponse failuresAnswered(RawRequest request, Function<FormatCodec, GatewayResponse> work) {
        FormatCodec codec = Codecs.of(request.format());
        try {
            return work.apply(codec);
        } catch (ClientRateLimits.LimitExceeded e) {
            GatewayResponse error = GatewayResponse.error(request.format(), e.error());
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            headers.putAll(e.headers());
            return new GatewayResponse(error.status(), headers, error.body());
        } catch (GatewayException e) {
            return GatewayResponse.error(request.format(), e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving a " + request.format().id() + " request", e);
            return GatewayResponse.error(request.format(),
                    new InternalGatewayException("the gateway failed unexpectedly: " + e.getClass().getSimpleName(), e));
        }
    }

    private GatewayResponse relay(UpstreamDispatcher.Success answer, Served served, FormatCodec codec) {
        UpstreamResponse response = answer.response();
        Map<String, String> headers = headers(answer, served);
        headers.put("Content-Type", response.header("content-type")
                .orElse(served.stream() ? "text/event-stream" : "application/json"));
        if (served.stream()) {
            headers.put("Cache-Control", "no-cache");
        }
        return new GatewayResponse(response.status(), headers, new RelayBody(response, served.stream(), codec,
                end(served, response.status())));
    }

    private GatewayResponse translate(FormatCodec codec, UpstreamDispatcher.Success answer, ChatRequest chat,
            Served served, ConversationState state) {
        FormatCodec upstream = Codecs.of(answer.candidate().provider().format());
        Map<String, String> headers = headers(answer, served);
        if (!served.stream()) {
            byte[] bytes;
            try (UpstreamResponse response = answer.response()) {
                bytes = BoundedReader.readAll(response, BoundedReader.MAX_RESPONSE_BYTES, "answer");
            }
            served.trace().upstreamAnswer(answer.candidate(), 200, bytes);
            ChatResponse decoded = upstream.decodeResponse(bytes);
            ChatResponse shown = decoded.withModel(served.model()).withId(state.responseId(decoded.id()));
            state.remember(chat, shown);
            AnswerEnd end = end(served, 200);
            end.completed(shown.usage());
            headers.put("Content-Type", codec.jsonContentType());
            return new GatewayResponse(200, headers, new GatewayResponse.Bytes(codec.encodeResponse(shown)));
        }
        StreamEncoder encoder = codec.newStreamEncoder(chat);
        UpstreamEvents events = new UpstreamEvents(answer.response(), upstream.newStreamDecoder(), served.model(),
                state::responseId);
        headers.put("Content-Type", encoder.contentType());
        headers.put("Cache-Control", "no-cache");
        // the stream is folded into a whole answer only when the conversation is kept for a later request
        Consumer<ChatResponse> whole = state.remembers(chat) ? answerWhole -> state.remember(chat, answerWhole) : null;
        return new GatewayResponse(200, headers, new TranslatedStreamBody(events, encoder, whole, end(served, 200)));
    }

    private static Map<String, String> headers(UpstreamDispatcher.Success answer, Served served) {
        Map<String, String> headers = new LinkedHashMap<>(served.admission().headers());
        headers.put(MODEL_HEADER, answer.model());
        return headers;
    }

    /** At the answer's end: the client's token allowance charged with what it really used, and the record. */
    private AnswerEnd end(Served served, int status) {
        Consumer<Usage> charge = served.client().tokensPerMinute() <= 0 ? null
                : used -> limits.settle(served.client(), served.estimate(), used.totalTokens());
        return new AnswerEnd(served.tally(), status, charge);
    }

    private static GatewayResponse traced(GatewayResponse response, DebugTrace trace) {
        return switch (response.body()) {
            case GatewayResponse.Bytes bytes -> {
                trace.clientAnswer(response.status(), response.headers(), bytes.data());
                yield response;
            }
            case GatewayResponse.Streamed streamed -> new GatewayResponse(response.status(), response.headers(),
                    trace.tee(response.status(), response.headers(), streamed));
        };
    }
}
