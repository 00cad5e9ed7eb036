package dev.aiproxy.routing.internal;

import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import java.util.function.UnaryOperator;

/** Serves typed, in-process requests: canonical in, canonical out, whatever the upstream speaks. Thread-safe. */
public final class CanonicalExchange {
    private final UpstreamCaller caller;

    public CanonicalExchange(UpstreamCaller caller) {
        this.caller = caller;
    }

    /** @throws dev.aiproxy.api.error.GatewayException on any failure */
    public ChatResponse chat(RoutingTable table, ChatRequest request) {
        Candidate candidate = table.registry().resolve(request.model()).next();
        FormatCodec upstream = Codecs.of(candidate.provider().format());
        ChatRequest unstreamed = request.stream() ? request.toBuilder().stream(false).build() : request;
        byte[] body = upstream.encodeRequest(unstreamed, candidate.upstreamModel());
        byte[] answer;
        try (UpstreamResponse response = caller.call(candidate, body, false, Operation.GENERATE, table.config().timeouts())) {
            answer = BoundedReader.readAll(response.body(), BoundedReader.MAX_RESPONSE_BYTES, "upstream answer");
        }
        return upstream.decodeResponse(answer).withModel(request.model());
    }

    /** @throws dev.aiproxy.api.error.GatewayException when the stream cannot start */
    public ChatStream stream(RoutingTable table, ChatRequest request) {
        Candidate candidate = table.registry().resolve(request.model()).next();
        FormatCodec upstream = Codecs.of(candidate.provider().format());
        ChatRequest streamed = request.stream() ? request : request.toBuilder().stream(true).build();
        byte[] body = upstream.encodeRequest(streamed, candidate.upstreamModel());
        UpstreamResponse response = caller.call(candidate, body, true, Operation.GENERATE, table.config().timeouts());
        return new UpstreamChatStream(new UpstreamEvents(response, upstream.newStreamDecoder(), request.model(),
                UnaryOperator.identity()));
    }
}
