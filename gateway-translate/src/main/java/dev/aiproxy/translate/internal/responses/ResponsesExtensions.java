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
 * {@code openai.<field>}, like the Chat Completions codec's, so fields both APIs share ({@code store},
 * {@code metadata}, {@code user}...) survive a trip through either. Details only Responses has live in the
 * {@code openai-responses} family, which the Chat Completions encoder never writes.
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

    static final Extensions INSTRUCTIONS_MARK = Extensions.EMPTY.with(INSTRUCTIONS, "true");

    private ResponsesExtensions() {
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
