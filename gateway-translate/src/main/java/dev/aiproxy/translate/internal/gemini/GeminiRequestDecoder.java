package dev.aiproxy.translate.internal.gemini;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Gemini {@code GenerateContentRequest} (https://ai.google.dev/api/generate-content#request-body) into the
 * canonical model. The model and the stream flag are in the URL, not the body: the request's model is {@code ""} and
 * {@code stream} false, for the caller to set. Fields not mapped go to the extensions as {@code gemini.<field>}, and
 * unmapped {@code generationConfig} fields as {@code gemini.generationConfig.<field>}.
 */
final class GeminiRequestDecoder {
    private static final Set<String> MAPPED = Set.of("model", "contents", "systemInstruction", "tools", "toolConfig",
            "generationConfig");
    private static final Set<String> MAPPED_GENERATION = Set.of("temperature", "topP", "maxOutputTokens",
            "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "thinkingConfig");
    static final String GENERATION_PREFIX = "generationConfig.";

    private GeminiRequestDecoder() {
    }

    /**
     * @param path where {@code root} sits in the body, for error messages ({@code ""} or
     *     {@code generateContentRequest})
     * @throws JsonShapeException naming the path of the first problem
     */
    static ChatRequest decode(JsonNode root, String path) {
        Fields.requireObject(root, path);
        List<Message> messages = new ArrayList<>();
        Message system = GeminiContentDecoder.system(Fields.field(root, "systemInstruction"),
                path(path, "systemInstruction"));
        if (system != null) {
            messages.add(system);
        }
        messages.addAll(GeminiContentDecoder.messages(Fields.requireArray(root, "contents", path),
                path(path, "contents")));
        ChatRequest.Builder b = ChatRequest.builder().model("").messages(messages)
                .tools(GeminiToolDecoder.tools(Fields.array(root, "tools", path), path(path, "tools")));
        Map<String, String> ext = new LinkedHashMap<>();
        JsonNode toolConfig = Fields.object(root, "toolConfig", path);
        if (toolConfig != null) {
            b.toolChoice(GeminiToolDecoder.toolChoice(toolConfig, path(path, "toolConfig"), ext));
        }
        JsonNode generation = Fields.object(root, "generationConfig", path);
        if (generation != null) {
            generationConfig(generation, path(path, "generationConfig"), b, ext);
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!MAPPED.contains(e.getKey())) {
                ext.put("gemini." + e.getKey(), Json.toText(e.getValue()));
            }
        }
        return b.extensions(new Extensions(ext)).build();
    }

    private static void generationConfig(JsonNode config, String path, ChatRequest.Builder b,
            Map<String, String> ext) {
        b.temperature(Fields.number(config, "temperature", path))
                .topP(Fields.number(config, "topP", path))
                .maxOutputTokens(Fields.integer(config, "maxOutputTokens", path))
                .stopSequences(strings(Fields.array(config, "stopSequences", path), path(path, "stopSequences")));
        JsonNode thinking = Fields.object(config, "thinkingConfig", path);
        if (thinking != null) {
            b.reasoning(reasoning(thinking, path(path, "thinkingConfig")));
        }
        b.responseFormat(responseFormat(config, path, ext));
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            if (!MAPPED_GENERATION.contains(e.getKey())) {
                ext.put("gemini." + GENERATION_PREFIX + e.getKey(), Json.toText(e.getValue()));
            }
        }
    }

    /**
     * {@code thinkingLevel} is the effort (lower-cased), {@code thinkingBudget} the budget. A budget of -1 means
     * "let the model decide", Gemini's default, and so is no budget at all.
     */
    private static Reasoning reasoning(JsonNode thinking, String path) {
        String level = Fields.text(thinking, "thinkingLevel", path);
        Integer budget = Fields.integer(thinking, "thinkingBudget", path);
        Boolean include = Fields.bool(thinking, "includeThoughts", path);
        if (budget != null && budget < 0) {
            budget = null;
        }
        if (level == null && budget == null && include == null) {
            return null;
        }
        return new Reasoning(level == null ? null : level.toLowerCase(Locale.ROOT), budget, include);
    }

    /**
     * {@code application/json} alone is any JSON object; with a schema, JSON matching it ({@code responseSchema}, the
     * OpenAPI subset, is turned into JSON Schema); {@code text/plain} is plain text. Any other type (such as
     * {@code text/x.enum}) has no canonical form and stays in the extensions with its schema.
     */
    private static ResponseFormat responseFormat(JsonNode config, String path, Map<String, String> ext) {
        String mime = Fields.text(config, "responseMimeType", path);
        JsonNode jsonSchema = Fields.field(config, "responseJsonSchema");
        JsonNode schema = Fields.object(config, "responseSchema", path);
        if (mime != null && mime.equals("application/json")) {
            if (jsonSchema != null) {
                return new ResponseFormat.JsonSchema(null, Json.toText(jsonSchema), null);
            }
            return schema == null ? new ResponseFormat.JsonObject()
                    : new ResponseFormat.JsonSchema(null, Json.toText(GeminiSchemas.toJsonSchema(schema)), null);
        }
        if (mime != null && mime.equals("text/plain") && jsonSchema == null && schema == null) {
            return new ResponseFormat.PlainText();
        }
        String prefix = "gemini." + GENERATION_PREFIX;
        if (mime != null) {
            ext.put(prefix + "responseMimeType", Json.toText(config.get("responseMimeType")));
        }
        if (schema != null) {
            ext.put(prefix + "responseSchema", Json.toText(schema));
        }
        if (jsonSchema != null) {
            ext.put(prefix + "responseJsonSchema", Json.toText(jsonSchema));
        }
        return null;
    }

    private static List<String> strings(JsonNode array, String path) {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode s = array.get(i);
            if (!s.isTextual()) {
                throw new JsonShapeException(path(path, i), "expected a string, got " + Fields.kind(s));
            }
            out.add(s.textValue());
        }
        return out;
    }
}
