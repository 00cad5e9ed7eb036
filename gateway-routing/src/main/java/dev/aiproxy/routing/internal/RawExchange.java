package dev.aiproxy.routing.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a request in the client's own wire format. When the chosen upstream speaks that format too, the body passes
 * through with only the model rewritten, and the answer is relayed byte for byte; otherwise both are translated
 * through the canonical model. Thread-safe.
 */
public final class RawExchange {
    private static final System.Logger LOG = System.getLogger(RawExchange.class.getName());

    private final UpstreamCaller caller;

    public RawExchange(UpstreamCaller caller) {
        this.caller = caller;
    }

    /** Never throws: every failure becomes an error response in the client's format. */
    public GatewayResponse handle(RoutingTable table, RawRequest request) {
        FormatCodec codec = Codecs.of(request.format());
        try {
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
        UpstreamResponse response = caller.call(candidate, body, stream, table.config().timeouts());
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
        ChatRequest chat = codec.decodeRequest(request.body());
        if (!chat.model().equals(model) || chat.stream() != stream) {
            chat = chat.toBuilder().model(model).stream(stream).build();
        }
        FormatCodec upstream = Codecs.of(candidate.provider().format());
        byte[] body = upstream.encodeRequest(chat, candidate.upstreamModel());
        if (!stream) {
            byte[] answer;
            try (UpstreamResponse response = caller.call(candidate, body, false, table.config().timeouts())) {
                answer = BoundedReader.readAll(response.body(), BoundedReader.MAX_RESPONSE_BYTES, "upstream answer");
            }
            ChatResponse decoded = upstream.decodeResponse(answer).withModel(model);
            return new GatewayResponse(200, Map.of("Content-Type", codec.jsonContentType()),
                    new GatewayResponse.Bytes(codec.encodeResponse(decoded)));
        }
        UpstreamResponse response = caller.call(candidate, body, true, table.config().timeouts());
        var encoder = codec.newStreamEncoder(chat);
        UpstreamEvents events = new UpstreamEvents(response, upstream.newStreamDecoder(), model);
        return new GatewayResponse(200, Map.of("Content-Type", encoder.contentType(), "Cache-Control", "no-cache"),
                new TranslatedStreamBody(events, encoder));
    }
}
