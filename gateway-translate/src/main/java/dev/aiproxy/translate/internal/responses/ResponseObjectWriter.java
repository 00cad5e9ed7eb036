package dev.aiproxy.translate.internal.responses;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the response object of https://platform.openai.com/docs/api-reference/responses/object, for a whole answer
 * and inside the {@code response.created}/{@code .completed} stream events. Besides the answer it echoes the request's
 * settings, as OpenAI does; the openai-java SDK requires {@code parallel_tool_calls}, {@code tool_choice} and
 * {@code tools} among them. Without the request ({@code FormatCodec#encodeResponse(ChatResponse)}) it echoes the
 * API's defaults.
 */
final class ResponseObjectWriter {
    /** Why a response failed: a {@code ResponseError} code of the API and a message. */
    record Failure(String code, String message) {
        Failure {
            requireNonNull(code, "code");
            requireNonNull(message, "message");
        }
    }

    /**
     * What the response object says about the answer.
     *
     * @param status {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
     * @param incompleteReason the reason of an {@code incomplete} response, else null
     * @param failure why a {@code failed} response failed, else null
     * @param usage null until the answer is complete
     */
    record Snapshot(String id, long createdAt, String status, String incompleteReason, Failure failure, String model,
            List<ResponsesOutputItems.Item> output, Usage usage) {
        Snapshot {
            output = List.copyOf(output);
        }
    }

    private ResponseObjectWriter() {
    }

    /** OpenAI clients expect {@code resp_} ids; another provider's id is kept after the prefix. */
    static String responseId(String id) {
        return id.startsWith("resp_") ? id : "resp_" + id;
    }

    /** @param request the request answered, or null to echo the API's defaults */
    static void write(JsonGenerator gen, Snapshot s, ChatRequest request) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", s.id());
        gen.writeStringField("object", "response");
        gen.writeNumberField("created_at", s.createdAt());
        gen.writeStringField("status", s.status());
        writeFailure(gen, s.failure());
        if (s.incompleteReason() == null) {
            gen.writeNullField("incomplete_details");
        } else {
            gen.writeObjectFieldStart("incomplete_details");
            gen.writeStringField("reason", s.incompleteReason());
            gen.writeEndObject();
        }
        gen.writeStringField("model", s.model());
        gen.writeArrayFieldStart("output");
        for (ResponsesOutputItems.Item item : s.output()) {
            ResponsesOutputItems.write(gen, item);
        }
        gen.writeEndArray();
        writeEcho(gen, request);
        if (s.usage() == null) {
            gen.writeNullField("usage");
        } else {
            ResponsesUsage.write(gen, s.usage());
        }
        gen.writeEndObject();
    }

    private static void writeFailure(JsonGenerator gen, Failure failure) throws IOException {
        if (failure == null) {
            gen.writeNullField("error");
            return;
        }
        gen.writeObjectFieldStart("error");
        gen.writeStringField("code", failure.code());
        gen.writeStringField("message", failure.message());
        gen.writeEndObject();
    }

    private static void writeEcho(JsonGenerator gen, ChatRequest request) throws IOException {
        writeNullable(gen, "instructions", request == null ? null
                : ResponsesExtensions.instructions(request.messages()));
        if (request == null || request.maxOutputTokens() == null) {
            gen.writeNullField("max_output_tokens");
        } else {
            gen.writeNumberField("max_output_tokens", request.maxOutputTokens());
        }
        gen.writeBooleanField("parallel_tool_calls", request == null || request.parallelToolCalls() == null
                || request.parallelToolCalls());
        writeReasoning(gen, request);
        writeNullable(gen, "temperature", request == null ? null : request.temperature());
        writeNullable(gen, "top_p", request == null ? null : request.topP());
        gen.writeObjectFieldStart("text");
        ResponsesTextFormat.write(gen, request == null ? null : request.responseFormat());
        String verbosity = request == null ? null
                : ResponsesExtensions.unquote(request.extensions(), ResponsesExtensions.VERBOSITY);
        if (verbosity != null) {
            gen.writeStringField("verbosity", verbosity);
        }
        gen.writeEndObject();
        ToolChoice choice = request == null || request.toolChoice() == null ? ToolChoice.AUTO : request.toolChoice();
        ResponsesTools.writeChoice(gen, choice);
        ResponsesTools.write(gen, request == null ? List.of() : request.tools());
        writeEchoedExtensions(gen, request == null ? Map.of() : ResponsesExtensions.requestFields(request.extensions()));
    }

    private static void writeReasoning(JsonGenerator gen, ChatRequest request) throws IOException {
        gen.writeObjectFieldStart("reasoning");
        writeNullable(gen, "effort", request == null || request.reasoning() == null ? null
                : request.reasoning().effort());
        writeNullable(gen, "summary", request == null ? null
                : ResponsesExtensions.unquote(request.extensions(), ResponsesExtensions.REASONING_SUMMARY));
        gen.writeEndObject();
    }

    /** The client's own values of the fields OpenAI echoes, else the defaults it shows. */
    private static void writeEchoedExtensions(JsonGenerator gen, Map<String, String> openai) throws IOException {
        for (Map.Entry<String, String> e : openai.entrySet()) {
            if (ResponsesExtensions.ECHOED_FIELDS.contains(e.getKey())) {
                gen.writeFieldName(e.getKey());
                gen.writeRawValue(e.getValue());
            }
        }
        if (!openai.containsKey("previous_response_id")) {
            gen.writeNullField("previous_response_id");
        }
        if (!openai.containsKey("truncation")) {
            gen.writeStringField("truncation", "disabled");
        }
        if (!openai.containsKey("user")) {
            gen.writeNullField("user");
        }
        if (!openai.containsKey("metadata")) {
            gen.writeObjectFieldStart("metadata");
            gen.writeEndObject();
        }
    }

    private static void writeNullable(JsonGenerator gen, String field, String value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeStringField(field, value);
        }
    }

    private static void writeNullable(JsonGenerator gen, String field, Double value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeNumberField(field, value);
        }
    }
}
