package dev.aiproxy.translate.internal.responses;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.openai.OpenAiToolChoice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Responses' {@code tools} and {@code tool_choice}. Function tools are flat here ({@code {"type":"function","name",
 * "description","parameters","strict"}}), not nested under {@code function} as in Chat Completions.
 */
final class ResponsesTools {
    private ResponsesTools() {
    }

    /**
     * @throws JsonShapeException for a built-in tool ({@code web_search}, {@code file_search}, {@code mcp}...): it
     *     runs inside OpenAI, so no other provider can be asked to call it
     */
    static List<ToolSpec> decode(JsonNode tools) {
        if (tools == null) {
            return List.of();
        }
        List<ToolSpec> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String path = path("tools", i);
            JsonNode tool = Fields.requireObject(tools.get(i), path);
            String type = Fields.requireText(tool, "type", path);
            if (!type.equals("function")) {
                throw new JsonShapeException(path(path, "type"), "tool type '" + type + "' is an OpenAI built-in tool"
                        + " and cannot be translated for another provider (supported: function)");
            }
            JsonNode parameters = Fields.object(tool, "parameters", path);
            out.add(new ToolSpec(Fields.requireText(tool, "name", path), Fields.text(tool, "description", path),
                    parameters == null ? null : Json.toText(parameters), Fields.bool(tool, "strict", path)));
        }
        return out;
    }

    static ToolChoice decodeChoice(JsonNode node) {
        if (node == null) {
            return null;
        }
        ToolChoice keyword = OpenAiToolChoice.keyword(node);
        if (keyword != null) {
            return keyword;
        }
        Fields.requireObject(node, "tool_choice");
        String type = Fields.requireText(node, "type", "tool_choice");
        if (!type.equals("function")) {
            throw new JsonShapeException("tool_choice.type", "tool choice type '" + type
                    + "' cannot be translated for another provider (supported: function)");
        }
        return new ToolChoice.Named(Fields.requireText(node, "name", "tool_choice"));
    }

    /**
     * Writes the {@code tools} array. A missing {@code strict} is written as {@code false}: Responses defaults it to
     * true, while a client of any other format that left it out never asked for strict schemas.
     */
    static void write(JsonGenerator gen, List<ToolSpec> tools) throws IOException {
        gen.writeArrayFieldStart("tools");
        for (ToolSpec tool : tools) {
            gen.writeStartObject();
            gen.writeStringField("type", "function");
            gen.writeStringField("name", tool.name());
            if (tool.description() != null) {
                gen.writeStringField("description", tool.description());
            }
            gen.writeFieldName("parameters");
            gen.writeRawValue(tool.parametersJson());
            gen.writeBooleanField("strict", Boolean.TRUE.equals(tool.strict()));
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    static void writeChoice(JsonGenerator gen, ToolChoice choice) throws IOException {
        if (!OpenAiToolChoice.writeKeyword(gen, choice) && choice instanceof ToolChoice.Named named) {
            gen.writeObjectFieldStart("tool_choice");
            gen.writeStringField("type", "function");
            gen.writeStringField("name", named.name());
            gen.writeEndObject();
        }
    }
}
