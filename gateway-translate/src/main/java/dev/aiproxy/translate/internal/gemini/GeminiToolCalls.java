package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.io.IOException;

/**
 * Gemini's {@code functionCall} part: {@code {"functionCall":{"id"?,"name","args"},"thoughtSignature"?}}, per
 * https://ai.google.dev/api/caching#FunctionCall. Gemini's call ids are optional and usually absent, so the gateway
 * makes its own, recognisable by {@link #SYNTHETIC_PREFIX}, and never shows or sends those back to Gemini.
 */
final class GeminiToolCalls {
    /** Marks an id the gateway made up for a Gemini call that had none. */
    static final String SYNTHETIC_PREFIX = "gcall_";

    /**
     * The placeholder Google documents for a function call Gemini did not produce itself (another provider's turn):
     * Gemini 3 answers 400 when the first call of a step has no signature at all
     * (https://ai.google.dev/gemini-api/docs/thought-signatures, FAQ).
     */
    static final String FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";

    private GeminiToolCalls() {
    }

    /** A fresh id for a call Gemini sent without one. */
    static String newId() {
        return Ids.next(SYNTHETIC_PREFIX);
    }

    static boolean isSynthetic(String id) {
        return id.startsWith(SYNTHETIC_PREFIX);
    }

    /**
     * Writes one whole {@code functionCall} part.
     *
     * @param signature the {@code thoughtSignature} to put on the part, or null
     */
    static void writePart(JsonGenerator gen, ToolCall call, String signature) throws IOException {
        gen.writeStartObject();
        gen.writeObjectFieldStart("functionCall");
        if (!isSynthetic(call.id())) {
            gen.writeStringField("id", call.id());
        }
        gen.writeStringField("name", call.name());
        gen.writeFieldName("args");
        gen.writeTree(argsObject(call.argumentsJson()));
        gen.writeEndObject();
        if (signature != null) {
            gen.writeStringField("thoughtSignature", signature);
        }
        gen.writeEndObject();
    }

    /**
     * Gemini's {@code args} must be an object, while other formats carry the model's arguments as text that may be
     * empty or even broken JSON. Empty text is {@code {}}; text that is not a JSON object is kept whole as
     * {@code {"arguments": "<text>"}}, so nothing the model wrote is lost and the client sees why.
     */
    static JsonNode argsObject(String argumentsJson) {
        if (argumentsJson.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.parse(argumentsJson);
            if (node.isObject()) {
                return node;
            }
        } catch (JsonShapeException notJson) {
            // kept as text below
        }
        return Json.MAPPER.createObjectNode().put("arguments", argumentsJson);
    }
}
