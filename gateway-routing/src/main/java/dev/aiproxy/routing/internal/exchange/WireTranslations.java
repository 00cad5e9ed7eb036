package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.internal.client.ClientPolicies;
import dev.aiproxy.routing.internal.conversation.ConversationState;
import dev.aiproxy.routing.internal.payload.PayloadRewriter;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses, once per candidate, how a wire request is served ({@link Translation}), and makes its body: the client's
 * bytes with only the model swapped for an upstream of the client's format, when neither the client nor the
 * candidate's provider has a system prompt to put in, the body holds no signature another format made (which only
 * translation drops, docs/translation.md "Signatures") and continues no conversation the gateway keeps (which only
 * translation puts back: the upstream would not know the id); the canonical request encoded for any other. Either way
 * the config's payload rules then apply. A choice is kept per upstream format and model, so the candidates of one
 * provider share it; the client's request is decoded at most once, and only when some candidate needs a translation
 * or the body names an earlier answer to continue.
 * One per request; not thread-safe.
 */
final class WireTranslations {
    /** @param provider the provider entry, when its system prompt makes its body differ; else null */
    private record Key(ApiFormat format, String model, String provider) {
    }

    private final RawRequest request;
    private final RoutingFields fields;
    private final FormatCodec codec;
    private final Call call;
    private final ConversationState state;
    private final ClientConfig client;
    private final PayloadRewriter payload;
    private final Map<String, SystemPrompt> providerPrompts;
    private final Map<Key, Translation> chosen = new HashMap<>(4);
    private ChatRequest chat;
    /** The client's request as decoded, before anything is restored or routed; null before it is needed. */
    private ChatRequest decoded;
    /** Whether the request continues a conversation the gateway keeps, looked for once; null before. */
    private Boolean continuesKept;
    /** {@link #chat} with the client's own fields, as its answer echoes them; set with it. */
    private ChatRequest echoed;
    /** Whether the body may hold another format's signatures, looked for once; null before. */
    private Boolean foreignSignatures;

    WireTranslations(RawRequest request, RoutingFields fields, FormatCodec codec, Call call, ConversationState state,
            PayloadRewriter payload, Map<String, SystemPrompt> providerPrompts) {
        this.request = request;
        this.fields = fields;
        this.codec = codec;
        this.call = call;
        this.state = state;
        this.client = call.client();
        this.payload = payload;
        this.providerPrompts = providerPrompts;
    }

    /** How the candidate serves the request: its body in its provider's format, and how its answer is read. */
    Translation forCandidate(Candidate candidate) {
        ApiFormat format = candidate.format();
        SystemPrompt providerPrompt = providerPrompts.get(candidate.providerName());
        return chosen.computeIfAbsent(new Key(format, candidate.upstreamModel(),
                providerPrompt == null ? null : candidate.providerName()), key -> choose(key, providerPrompt));
    }

    private Translation choose(Key key, SystemPrompt providerPrompt) {
        PayloadRewriter.Scope scope = new PayloadRewriter.Scope(key.format(), key.model(), request.format(),
                call.model(), call.context().headers());
        if (key.format() == request.format() && client.systemPrompt() == null && providerPrompt == null
                && !foreignSignatures() && !continuesKept()) {
            return new Translation.Passthrough(payload.rewrite(fields.withModel(request.body(), key.model()), scope),
                    codec, call.stream());
        }
        ChatRequest routed = chat();
        byte[] body = Codecs.of(key.format()).encodeRequest(ClientPolicies.withSystemPrompt(providerPrompt, routed),
                key.model());
        return new Translation.Translated(payload.rewrite(body, scope), codec, routed, echoed, call.model(),
                call.stream(), state);
    }

    /** Whether passthrough would send a signature its upstream did not make, which only translation drops. */
    private boolean foreignSignatures() {
        if (foreignSignatures == null) {
            foreignSignatures = codec.mayHoldForeignSignatures(request.body());
        }
        return foreignSignatures;
    }

    /** Whether passthrough would send the upstream an id only the gateway knows (docs/translation.md). */
    private boolean continuesKept() {
        if (continuesKept == null) {
            continuesKept = state.continuesKept(request.body(), this::decoded);
        }
        return continuesKept;
    }

    /** @throws dev.aiproxy.api.error.InvalidRequestException when the body cannot be decoded */
    private ChatRequest decoded() {
        if (decoded == null) {
            decoded = codec.decodeRequest(request.body());
        }
        return decoded;
    }

    /**
     * The client's request in canonical form, with the model and stream flag as routed, and whatever the
     * conversation state puts back.
     *
     * @throws dev.aiproxy.api.error.InvalidRequestException when the body cannot be decoded
     */
    private ChatRequest chat() {
        if (chat == null) {
            ChatRequest routed = decoded();
            if (!routed.model().equals(call.model()) || routed.stream() != call.stream()) {
                routed = routed.toBuilder().model(call.model()).stream(call.stream()).build();
            }
            chat = ClientPolicies.withSystemPrompt(client.systemPrompt(), state.restore(routed));
            // restoring a conversation takes out what only routed it (previous_response_id), which the answer echoes
            echoed = chat.extensions().equals(routed.extensions()) ? chat
                    : chat.toBuilder().extensions(routed.extensions()).build();
        }
        return chat;
    }
}
