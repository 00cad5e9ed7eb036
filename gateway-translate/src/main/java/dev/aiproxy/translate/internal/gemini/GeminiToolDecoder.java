package dev.aiproxy.translate.internal.gemini;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a client's {@code tools} and {@code toolConfig} (https://ai.google.dev/api/caching#Tool,
 * https://ai.google.dev/api/caching#ToolConfig). Only {@code functionDeclarations} can be translated: Gemini's
 * built-in tools ({@code googleSearch}, {@code codeExecution}, {@code urlContext}, ...) run inside Gemini and no
 * other provider has them, so a request with one is refused with a 400 that names it.
 */
final class GeminiToolDecoder {
    private GeminiToolDecoder() {
    }

    static List<ToolSpec> tools(JsonNode tools, String path) {
        if (tools == null) {
            return List.of();
        }
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String toolPath = path(path, i);
            JsonNode tool = Fields.requireObject(tools.get(i), toolPath);
            for (Map.Entry<String, JsonNode> e : tool.properties()) {
                if (!e.getKey().equals("functionDeclarations")) {
                    throw new JsonShapeException(path(toolPath, e.getKey()), "Gemini's built-in tool '" + e.getKey()
                            + "' cannot be translated for another provider; only functionDeclarations can");
                }
            }
            JsonNode declarations = Fields.array(tool, "functionDeclarations", toolPath);
            if (declarations != null) {
                for (int j = 0; j < declarations.size(); j++) {
                    out.add(declaration(declarations.get(j), path(path(toolPath, "functionDeclarations"), j)));
                }
            }
        }
        return out;
    }

    /** {@code parameters} (the OpenAPI subset) becomes JSON Schema; {@code parametersJsonSchema} already is. */
    private static ToolSpec declaration(JsonNode node, String path) {
        Fields.requireObject(node, path);
        JsonNode jsonSchema = Fields.field(node, "parametersJsonSchema");
        JsonNode schema = Fields.object(node, "parameters", path);
        String parameters = jsonSchema != null ? Json.toText(jsonSchema)
                : schema != null ? Json.toText(GeminiSchemas.toJsonSchema(schema)) : null;
        return new ToolSpec(Fields.requireText(node, "name", path), Fields.text(node, "description", path),
                parameters, null);
    }

    /**
     * {@code functionCallingConfig.mode}: AUTO is auto, NONE none, ANY required, or the named tool when
     * {@code allowedFunctionNames} has exactly one name. What a {@link ToolChoice} cannot say (several names,
     * VALIDATED, a {@code retrievalConfig}) keeps the whole {@code toolConfig} in the extensions as
     * {@code gemini.toolConfig}, which a Gemini upstream receives as is; other formats get the nearest choice.
     */
    static ToolChoice toolChoice(JsonNode toolConfig, String path, Map<String, String> ext) {
        JsonNode config = Fields.object(toolConfig, "functionCallingConfig", path);
        String configPath = path(path, "functionCallingConfig");
        String mode = config == null ? null : Fields.text(config, "mode", configPath);
        JsonNode names = config == null ? null : Fields.array(config, "allowedFunctionNames", configPath);
        int count = names == null ? 0 : names.size();
        for (int i = 0; i < count; i++) {
            if (!names.get(i).isTextual()) {
                throw new JsonShapeException(path(path(configPath, "allowedFunctionNames"), i),
                        "expected a string, got " + Fields.kind(names.get(i)));
            }
        }
        String normalized = mode == null ? "MODE_UNSPECIFIED" : mode;
        if (!isExact(normalized, count, toolConfig)) {
            ext.put("gemini.toolConfig", Json.toText(toolConfig));
        }
        return switch (normalized) {
            case "AUTO", "VALIDATED" -> ToolChoice.AUTO;
            case "NONE" -> ToolChoice.NONE;
            case "ANY" -> count == 1 ? new ToolChoice.Named(names.get(0).textValue()) : ToolChoice.REQUIRED;
            default -> null;
        };
    }

    /** Whether a {@link ToolChoice} says all a {@code toolConfig} says. */
    static boolean isExact(String mode, int names, JsonNode toolConfig) {
        return toolConfig.size() == 1 && (names == 0 && Set.of("AUTO", "NONE", "ANY").contains(mode)
                || names == 1 && mode.equals("ANY"));
    }
}
