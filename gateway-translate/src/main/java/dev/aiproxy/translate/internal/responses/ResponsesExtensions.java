package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.translate.internal.json.Json;
import java.util.List;
import java.util.Set;

/**
 * Extension keys of the Responses codec. Top-level request fields the canonical model does not hold travel as
 * {@code openai.<field>} when Chat Completions takes the same field ({@code store}, {@code metadata},
 * {@code user}...), so they survive a trip through either API; fields only Responses has ({@code
 * previous_response_id}, {@code truncation}, {@code include}...) travel as {@code openai-responses.<field>}, which the
 * Chat Completions encoder never writes, so a Chat upstream never sees a field it would reject.
 */
final class ResponsesExtensions {
    /** On a system message: it came from the request's {@code instructions}, not from an input item. */
    static final String INSTRUCTIONS = "openai-responses.instructions";
    /** The {@code reasoning.summary} value the client asked for ({@code auto}, {@code concise}, {@code detailed}). */
    static final String REASONING_SUMMARY = "openai-responses.reasoning_summary";
    /** {@code text.verbosity}; Chat Completions has the same setting as a top-level {@code verbosity}. */
    static final String VERBOSITY = "openai.verbosity";

    /**
     * The {@code openai.*} fields a Responses upstream accepts, per the create reference. Any other (Chat-only fields
     * such as {@code seed}, {@code logit_bias}, {@code stream_options}) would be rejected upstream, so it is left out.
     */
    static final Set<String> UPSTREAM_FIELDS = Set.of("background", "conversation", "include", "max_tool_calls",
            "metadata", "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "service_tier", "store", "top_logprobs", "truncation", "user");

    /** The {@code openai.*} fields a response object echoes back from the request. */
    static final Set<String> ECHOED_FIELDS = Set.of("previous_response_id", "store", "user", "metadata",
            "truncation", "prompt_cache_key", "safety_identifier", "background", "max_tool_calls", "top_logprobs",
            "service_tier");

    /** The family of fields only the Responses API has. */
    static final String OWN_FAMILY = "openai-responses";

    /** Top-level Responses fields that Chat Completions accepts under the same name and meaning. */
    static final Set<String> SHARED_WITH_CHAT = Set.of("metadata", "prompt_cache_key", "safety_identifier",
            "service_tier", "store", "top_logprobs", "user");

    static final Extensions INSTRUCTIONS_MARK = Extensions.EMPTY.with(INSTRUCTIONS, "true");

    private ResponsesExtensions() {
    }

    /** Moves the {@code openai.*} fields that Chat Completions does not take into {@link #OWN_FAMILY}. */
    static Extensions separate(Extensions unmapped) {
        Extensions out = unmapped;
        for (java.util.Map.Entry<String, String> e : unmapped.family("openai").entrySet()) {
            if (!SHARED_WITH_CHAT.contains(e.getKey())) {
                out = out.without("openai." + e.getKey()).with(OWN_FAMILY + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Every top-level request field kept for Responses: the shared ones and its own. */
    static java.util.Map<String, String> requestFields(Extensions extensions) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(extensions.family("openai"));
        out.putAll(extensions.family(OWN_FAMILY));
        return out;
    }

    /** A string as the raw JSON an extension holds. */
    static String quote(String value) {
        return Json.toText(TextNode.valueOf(value));
    }

    /** The string an extension holds, or null when it is absent or not a JSON string. */
    static String unquote(Extensions extensions, String key) {
        return extensions.get(key).map(json -> {
            var node = Json.parse(json);
            return node.isTextual() ? node.textValue() : null;
        }).orElse(null);
    }

    /** Whether a message came from a request's {@code instructions}. */
    static boolean isInstructions(Message message) {
        return message.role() == Role.SYSTEM && message.extensions().get(INSTRUCTIONS).isPresent();
    }

    /** The request's {@code instructions}, or null when no message came from them. */
    static String instructions(List<Message> messages) {
        StringBuilder sb = null;
        for (Message message : messages) {
            if (isInstructions(message)) {
                sb = sb == null ? new StringBuilder() : sb.append("\n\n");
                sb.append(message.text());
            }
        }
        return sb == null ? null : sb.toString();
    }
}
