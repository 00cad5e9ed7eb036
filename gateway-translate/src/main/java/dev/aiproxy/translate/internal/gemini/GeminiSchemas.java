package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gemini's {@code Schema} (https://ai.google.dev/api/caching#Schema, an OpenAPI 3.0 subset) written as JSON Schema,
 * the canonical form. The difference that matters is {@code type}: Gemini's enum names ({@code "OBJECT"}) become
 * JSON Schema's lower-case names; the other keywords Gemini knows mean the same in JSON Schema or are ignored by it.
 * Requests to Gemini always use {@code parametersJsonSchema} and {@code responseJsonSchema}, which take JSON Schema
 * as is, so the schema never has to fit the OpenAPI subset.
 */
final class GeminiSchemas {
    /** Keywords whose values are data, not schemas: never rewritten. */
    private static final Set<String> DATA_KEYWORDS = Set.of("enum", "default", "example", "const", "examples");

    private GeminiSchemas() {
    }

    /** A JSON Schema copy of an OpenAPI-subset schema. */
    static JsonNode toJsonSchema(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        lowerTypes(copy);
        return copy;
    }

    private static void lowerTypes(JsonNode node) {
        if (node.isArray()) {
            node.forEach(GeminiSchemas::lowerTypes);
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equals("type") && e.getValue().isTextual()) {
                object.put("type", e.getValue().textValue().toLowerCase(Locale.ROOT));
            } else if (e.getKey().equals("properties") && e.getValue().isObject()) {
                e.getValue().forEach(GeminiSchemas::lowerTypes);
            } else if (!DATA_KEYWORDS.contains(e.getKey())) {
                lowerTypes(e.getValue());
            }
        }
    }
}
