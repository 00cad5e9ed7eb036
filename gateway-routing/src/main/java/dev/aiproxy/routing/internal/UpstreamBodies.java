package dev.aiproxy.routing.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import java.util.HashMap;
import java.util.Map;

/**
 * The request body each candidate needs, made on first use and kept for the request: the client's bytes with only the
 * model swapped for an upstream of the client's format; the canonical request encoded for any other, or for any
 * upstream at all when the client has a system prompt to put in. Either way the config's payload rules then apply,
 * once per upstream format and model. A client request is decoded at most once, and only when some upstream needs a
 * translation. One per request; not thread-safe.
 */
final class UpstreamBodies {
    /** @param provider the provider entry, when its system prompt makes its body differ; else null */
    private record Key(ApiFormat format, String model, String provider) {
    }

    private final RawRequest request;
    private final RoutingFields fields;
    private final FormatCodec codec;
    private final String model;
    private final boolean stream;
    private final ConversationState state;
    private final ClientConfig client;
    private final PayloadRewriter payload;
    private final Map<String, SystemPrompt> providerPrompts;
    private final Map<Key, byte[]> bodies = new HashMap<>(4);
    private ChatRequest chat;

    UpstreamBodies(RawRequest request, RoutingFields fields, FormatCodec codec, String model, boolean stream,
            ConversationState state, PayloadRewriter payload, Map<String, SystemPrompt> providerPrompts) {
        this.request = request;
        this.fields = fields;
        this.codec = codec;
        this.model = model;
        this.stream = stream;
        this.state = state;
        this.client = request.context().client();
        this.payload = payload;
        this.providerPrompts = providerPrompts;
    }

    /** The body for a candidate, in its provider's format, naming its upstream model, with the payload rules. */
    byte[] forCandidate(Candidate candidate) {
        ApiFormat format = candidate.provider().format();
        SystemPrompt providerPrompt = providerPrompts.get(candidate.providerName());
        return bodies.computeIfAbsent(new Key(format, candidate.upstreamModel(),
                providerPrompt == null ? null : candidate.providerName()), key -> payload.rewrite(
                format == request.format() && client.systemPrompt() == null && providerPrompt == null
                        ? fields.withModel(request.body(), key.model())
                        : Codecs.of(format).encodeRequest(ClientPolicies.withSystemPrompt(providerPrompt, chat()),
                                key.model()),
                new PayloadRewriter.Scope(format, key.model(), request.format(), model,
                        request.context().headers())));
    }

    /**
     * The client's request in canonical form, with the model and stream flag as routed, and whatever the
     * conversation state puts back.
     *
     * @throws dev.aiproxy.api.error.InvalidRequestException when the body cannot be decoded
     */
    ChatRequest chat() {
        if (chat == null) {
            ChatRequest decoded = codec.decodeRequest(request.body());
            if (!decoded.model().equals(model) || decoded.stream() != stream) {
                decoded = decoded.toBuilder().model(model).stream(stream).build();
            }
            chat = ClientPolicies.withSystemPrompt(client.systemPrompt(), state.restore(decoded));
        }
        return chat;
    }
}
