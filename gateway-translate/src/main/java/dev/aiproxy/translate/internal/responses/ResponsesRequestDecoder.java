package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.openai.OpenAiExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Responses create request into the canonical model. {@code input} is optional: a follow-up turn may send only
 * {@code previous_response_id} and a {@code function_call_output}; the earlier turns are then routing's to restore
 * (it reads {@code openai-responses.previous_response_id}).
 */
final class ResponsesRequestDecoder {
    /** Top-level fields this decoder maps; every other field goes to the extensions as {@code openai.<field>}. */
    private static final Set<String> MAPPED = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "temperature", "top_p", "stream");

    private ResponsesRequestDecoder() {
    }

    /** @throws dev.aiproxy.translate.internal.json.JsonShapeException naming the path of the first problem */
    static ChatRequest decode(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        List<Message> messages = new ArrayList<>();
        String instructions = Fields.text(root, "instructions", "");
        if (instructions != null) {
            messages.add(new Message(Role.SYSTEM, List.of(new Text(instructions)),
                    ResponsesExtensions.INSTRUCTIONS_MARK));
        }
        messages.addAll(ResponsesInputDecoder.decode(Fields.field(root, "input")));
        ChatRequest.Builder b = ChatRequest.builder()
                .model(Fields.requireText(root, "model", ""))
                .messages(messages)
                .tools(ResponsesTools.decode(Fields.array(root, "tools", "")))
                .toolChoice(ResponsesTools.decodeChoice(Fields.field(root, "tool_choice")))
                .parallelToolCalls(Fields.bool(root, "parallel_tool_calls", ""))
                .temperature(Fields.number(root, "temperature", ""))
                .topP(Fields.number(root, "top_p", ""))
                .maxOutputTokens(Fields.integer(root, "max_output_tokens", ""))
                .stream(Boolean.TRUE.equals(Fields.bool(root, "stream", "")));
        Extensions extensions = ResponsesExtensions.separate(OpenAiExtensions.unmapped(root, MAPPED));
        extensions = text(Fields.object(root, "text", ""), b, extensions);
        extensions = reasoning(Fields.object(root, "reasoning", ""), b, extensions);
        return b.extensions(extensions).build();
    }

    /** {@code text.format} is the response format; {@code text.verbosity} is kept as {@code openai.verbosity}. */
    private static Extensions text(JsonNode text, ChatRequest.Builder b, Extensions extensions) {
        if (text == null) {
            return extensions;
        }
        b.responseFormat(ResponsesTextFormat.decode(Fields.object(text, "format", "text")));
        String verbosity = Fields.text(text, "verbosity", "text");
        return verbosity == null ? extensions
                : extensions.with(ResponsesExtensions.VERBOSITY, ResponsesExtensions.quote(verbosity));
    }

    /** Asking for a reasoning summary is asking to see thoughts; the summary's level is kept for Responses. */
    private static Extensions reasoning(JsonNode reasoning, ChatRequest.Builder b, Extensions extensions) {
        if (reasoning == null) {
            return extensions;
        }
        String summary = Fields.text(reasoning, "summary", "reasoning");
        if (summary == null) {
            // the deprecated name of the same setting, still accepted by the API
            summary = Fields.text(reasoning, "generate_summary", "reasoning");
        }
        b.reasoning(new Reasoning(Fields.text(reasoning, "effort", "reasoning"), null, summary != null));
        return summary == null ? extensions
                : extensions.with(ResponsesExtensions.REASONING_SUMMARY, ResponsesExtensions.quote(summary));
    }
}
