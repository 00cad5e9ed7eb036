package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.io.IOException;

/**
 * The {@code tool_choice} keywords that Chat Completions and Responses share ({@code auto}, {@code none},
 * {@code required}); the object that names one function is shaped differently by each, and each codec reads and writes
 * its own.
 */
public final class OpenAiToolChoice {
    private OpenAiToolChoice() {
    }

    /**
     * The choice a keyword names, or null when {@code node} is not a string (the named form).
     *
     * @throws JsonShapeException for a string that is not one of the keywords
     */
    public static ToolChoice keyword(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        return switch (node.textValue()) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "required" -> ToolChoice.REQUIRED;
            default -> throw new JsonShapeException("tool_choice", "unsupported value '" + node.textValue()
                    + "' (expected auto, none, required or an object)");
        };
    }

    /** Writes {@code tool_choice} as its keyword; false, writing nothing, for a named choice. */
    public static boolean writeKeyword(JsonGenerator gen, ToolChoice choice) throws IOException {
        String keyword = switch (choice) {
            case ToolChoice.Auto ignored -> "auto";
            case ToolChoice.None ignored -> "none";
            case ToolChoice.Required ignored -> "required";
            case ToolChoice.Named ignored -> null;
        };
        if (keyword != null) {
            gen.writeStringField("tool_choice", keyword);
        }
        return keyword != null;
    }
}
