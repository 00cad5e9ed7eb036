package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.openai.OpenAiReasoningEffort;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a canonical request as a Responses create request. The gateway sends the whole conversation every turn, so
 * unless the client chose otherwise it asks the upstream not to store it ({@code "store": false}) and, when reasoning
 * is on, to return reasoning as {@code encrypted_content} that can be sent back next turn.
 */
final class ResponsesRequestEncoder {
    private ResponsesRequestEncoder() {
    }

    /**
     * The fields of a create request that the input-token count takes too
     * (https://platform.openai.com/docs/api-reference/responses/input-tokens): it refuses the sampling settings,
     * {@code stream}, {@code store} and {@code include}.
     */
    private static final Set<String> COUNTED_FIELDS = Set.of("conversation", "previous_response_id", "truncation");

    static byte[] encode(ChatRequest request, String upstreamModel) {
        return Json.write(gen -> {
            writePrompt(gen, request, upstreamModel);
            writeSampling(gen, request);
            boolean reasoning = writeReasoning(gen, request);
            if (request.stream()) {
                gen.writeBooleanField("stream", true);
            }
            writeExtensions(gen, request, reasoning);
            gen.writeEndObject();
        });
    }

    /** A request for {@code POST /responses/input_tokens}: what the model would read, and nothing it would not. */
    static byte[] encodeTokenCount(ChatRequest request, String upstreamModel) {
        return Json.write(gen -> {
            writePrompt(gen, request, upstreamModel);
            writeReasoning(gen, request);
            for (Map.Entry<String, String> e : ResponsesExtensions.requestFields(request.extensions()).entrySet()) {
                if (COUNTED_FIELDS.contains(e.getKey())) {
                    gen.writeFieldName(e.getKey());
                    gen.writeRawValue(e.getValue());
                }
            }
            gen.writeEndObject();
        });
    }

    /** Opens the object and writes what the model reads: model, instructions, input, tools and output format. */
    private static void writePrompt(JsonGenerator gen, ChatRequest request, String upstreamModel) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("model", upstreamModel);
        String instructions = ResponsesExtensions.instructions(request.messages());
        if (instructions != null) {
            gen.writeStringField("instructions", instructions);
        }
        List<Message> input = request.messages().stream()
                .filter(message -> !ResponsesExtensions.isInstructions(message)).toList();
        ResponsesInputEncoder.write(gen, input);
        writeSettings(gen, request);
    }

    private static void writeSampling(JsonGenerator gen, ChatRequest request) throws IOException {
        if (request.temperature() != null) {
            gen.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            gen.writeNumberField("top_p", request.topP());
        }
        if (request.maxOutputTokens() != null) {
            gen.writeNumberField("max_output_tokens", request.maxOutputTokens());
        }
    }

    private static void writeSettings(JsonGenerator gen, ChatRequest request) throws IOException {
        if (!request.tools().isEmpty()) {
            ResponsesTools.write(gen, request.tools());
        }
        if (request.toolChoice() != null) {
            ResponsesTools.writeChoice(gen, request.toolChoice());
        }
        if (request.parallelToolCalls() != null) {
            gen.writeBooleanField("parallel_tool_calls", request.parallelToolCalls());
        }
        String verbosity = ResponsesExtensions.unquote(request.extensions(), ResponsesExtensions.VERBOSITY);
        if (request.responseFormat() != null || verbosity != null) {
            gen.writeObjectFieldStart("text");
            if (request.responseFormat() != null) {
                ResponsesTextFormat.write(gen, request.responseFormat());
            }
            if (verbosity != null) {
                gen.writeStringField("verbosity", verbosity);
            }
            gen.writeEndObject();
        }
    }

    /** @return whether a {@code reasoning} object was written */
    private static boolean writeReasoning(JsonGenerator gen, ChatRequest request) throws IOException {
        Reasoning reasoning = request.reasoning();
        if (reasoning == null) {
            return false;
        }
        String effort = OpenAiReasoningEffort.of(reasoning);
        String summary = ResponsesExtensions.unquote(request.extensions(), ResponsesExtensions.REASONING_SUMMARY);
        if (summary == null && Boolean.TRUE.equals(reasoning.includeThoughts())) {
            summary = "auto";
        }
        if (effort == null && summary == null) {
            return false;
        }
        gen.writeObjectFieldStart("reasoning");
        if (effort != null) {
            gen.writeStringField("effort", effort);
        }
        if (summary != null) {
            gen.writeStringField("summary", summary);
        }
        gen.writeEndObject();
        return true;
    }

    /** Only fields Responses accepts: another format's extras would make the upstream answer 400. */
    private static void writeExtensions(JsonGenerator gen, ChatRequest request, boolean reasoning)
            throws IOException {
        Map<String, String> openai = ResponsesExtensions.requestFields(request.extensions());
        for (Map.Entry<String, String> e : openai.entrySet()) {
            if (ResponsesExtensions.UPSTREAM_FIELDS.contains(e.getKey())) {
                gen.writeFieldName(e.getKey());
                gen.writeRawValue(e.getValue());
            }
        }
        if (!openai.containsKey("store")) {
            gen.writeBooleanField("store", false);
        }
        if (reasoning && !openai.containsKey("include")) {
            // https://platform.openai.com/docs/guides/reasoning#encrypted-reasoning-items; only for a request that
            // sets reasoning, since models without it reject the include
            gen.writeArrayFieldStart("include");
            gen.writeString("reasoning.encrypted_content");
            gen.writeEndArray();
        }
    }
}
