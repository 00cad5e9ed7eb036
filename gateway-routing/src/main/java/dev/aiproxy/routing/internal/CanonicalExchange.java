package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.translate.Codecs;
import java.util.function.UnaryOperator;

/**
 * Serves typed, in-process requests: canonical in, canonical out, whatever the upstream that answers speaks, with the
 * same retries, fallbacks and payload rules as the server's (rules that name a client format or header do not apply:
 * an in-process call has neither). Thread-safe.
 */
public final class CanonicalExchange {
    /** The client name in the usage records of typed calls. */
    private static final String CLIENT = "in-process";

    private final UpstreamDispatcher dispatcher;
    private final UsageReporter usage;

    public CanonicalExchange(UpstreamDispatcher dispatcher, UsageReporter usage) {
        this.dispatcher = dispatcher;
        this.usage = usage;
    }

    /** @throws GatewayException on any failure */
    public ChatResponse chat(RoutingTable table, ChatRequest request) {
        UsageReporter.Tally tally = usage.begin(CLIENT, null);
        tally.asked(request.model(), false);
        try {
            ChatRequest unstreamed = request.stream() ? request.toBuilder().stream(false).build() : request;
            UpstreamDispatcher.Success answer = dispatcher.dispatch(table, DispatchRequest.anonymous(request.model(),
                    false, c -> encode(table, unstreamed, c)));
            tally.servedBy(answer);
            byte[] bytes;
            try (UpstreamResponse response = answer.response()) {
                bytes = BoundedReader.readAll(response, BoundedReader.MAX_RESPONSE_BYTES, "answer");
            }
            ChatResponse decoded = Codecs.of(answer.candidate().provider().format()).decodeResponse(bytes)
                    .withModel(request.model());
            tally.completed(200, decoded.usage());
            return decoded;
        } catch (GatewayException e) {
            tally.failed(e.status());
            throw e;
        }
    }

    /** @throws GatewayException when the stream cannot start */
    public ChatStream stream(RoutingTable table, ChatRequest request) {
        UsageReporter.Tally tally = usage.begin(CLIENT, null);
        tally.asked(request.model(), true);
        try {
            ChatRequest streamed = request.stream() ? request : request.toBuilder().stream(true).build();
            UpstreamDispatcher.Success answer = dispatcher.dispatch(table, DispatchRequest.anonymous(request.model(),
                    true, c -> encode(table, streamed, c)));
            tally.servedBy(answer);
            return new UpstreamChatStream(new UpstreamEvents(answer.response(),
                    Codecs.of(answer.candidate().provider().format()).newStreamDecoder(), request.model(),
                    UnaryOperator.identity()), new AnswerEnd(tally, 200, null));
        } catch (GatewayException e) {
            tally.failed(e.status());
            throw e;
        }
    }

    private static byte[] encode(RoutingTable table, ChatRequest request, Candidate candidate) {
        byte[] body = Codecs.of(candidate.provider().format()).encodeRequest(request, candidate.upstreamModel());
        return table.payload().rewrite(body, new PayloadRewriter.Scope(candidate.provider().format(),
                candidate.upstreamModel(), null, request.model(), RequestContext.HeaderLookup.NONE));
    }
}
