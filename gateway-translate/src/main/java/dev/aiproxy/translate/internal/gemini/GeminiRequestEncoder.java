package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a canonical request as a Gemini {@code GenerateContentRequest}. The model goes in the URL, so the body has
 * none; {@code gemini.*} extensions are written back where they came from.
 */
final class GeminiRequestEncoder {
    private GeminiRequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel) {
        return Json.write(gen -> writeRequest(gen, request, upstreamModel, null));
    }

    /**
     * Writes the request object's fields and closes it.
     *
     * @param modelField the {@code model} field to write ({@code models/<id>} inside a countTokens request), or null
     */
    static void writeRequest(JsonGenerator gen, ChatRequest request, String upstreamModel, String modelField)
            throws IOException {
        gen.writeStartObject();
        if (modelField != null) {
            gen.writeStringField("model", modelField);
        }
        GeminiContentEncoder.write(gen, request.messages());
        if (!request.tools().isEmpty()) {
            writeTools(gen, request.tools());
        }
        Map<String, String> ext = request.extensions().family("gemini");
        String rawToolConfig = ext.get("toolConfig");
        if (rawToolConfig != null) {
            gen.writeFieldName("toolConfig");
            gen.writeRawValue(rawToolConfig);
        } else if (request.toolChoice() != null) {
            writeToolConfig(gen, request.toolChoice());
        }
        GeminiGenerationConfig.write(gen, request, upstreamModel, ext);
        for (Map.Entry<String, String> e : ext.entrySet()) {
            String key = e.getKey();
            if (!key.equals("toolConfig") && !key.startsWith(GeminiRequestDecoder.GENERATION_PREFIX)
                    && !key.contains(".")) {
                gen.writeFieldName(key);
                gen.writeRawValue(e.getValue());
            }
        }
        gen.writeEndObject();
    }

    /**
     * Always {@code parametersJsonSchema}: it takes JSON Schema as other formats write it, unlike
     * {@code parameters}.
     */
    private static void writeTools(JsonGenerator gen, List<ToolSpec> tools) throws IOException {
        gen.writeArrayFieldStart("tools");
        gen.writeStartObject();
        gen.writeArrayFieldStart("functionDeclarations");
        for (ToolSpec tool : tools) {
            gen.writeStartObject();
            gen.writeStringField("name", tool.name());
            if (tool.description() != null) {
                gen.writeStringField("description", tool.description());
            }
            gen.writeFieldName("parametersJsonSchema");
            gen.writeRawValue(tool.parametersJson());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.writeEndArray();
    }

    private static void writeToolConfig(JsonGenerator gen, ToolChoice choice) throws IOException {
        gen.writeObjectFieldStart("toolConfig");
        gen.writeObjectFieldStart("functionCallingConfig");
        switch (choice) {
            case ToolChoice.Auto ignored -> gen.writeStringField("mode", "AUTO");
            case ToolChoice.None ignored -> gen.writeStringField("mode", "NONE");
            case ToolChoice.Required ignored -> gen.writeStringField("mode", "ANY");
            case ToolChoice.Named named -> {
                gen.writeStringField("mode", "ANY");
                gen.writeArrayFieldStart("allowedFunctionNames");
                gen.writeString(named.name());
                gen.writeEndArray();
            }
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
