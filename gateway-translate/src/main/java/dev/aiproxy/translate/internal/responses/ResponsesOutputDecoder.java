package dev.aiproxy.translate.internal.responses;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.json.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an upstream's output items into canonical parts: a message's {@code output_text} and {@code refusal} parts
 * as text, a {@code function_call} as a tool call (its {@code call_id} is the id tool results refer to), a
 * {@code reasoning} item as a thinking block sealed by its {@code encrypted_content}. Items of OpenAI's built-in
 * tools cannot appear (such tools are never sent) and are skipped.
 */
final class ResponsesOutputDecoder {
    private ResponsesOutputDecoder() {
    }

    static List<ContentPart> items(JsonNode output, String path) {
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) {
            parts.addAll(item(output.get(i), path(path, i)));
        }
        return parts;
    }

    /** The parts of one item; none for an item type the canonical model has no place for. */
    static List<ContentPart> item(JsonNode item, String path) {
        Fields.requireObject(item, path);
        String type = Fields.requireText(item, "type", path);
        return switch (type) {
            case "message" -> message(item, path);
            case "function_call" -> List.of(functionCall(item, path));
            case "reasoning" -> reasoning(item, path);
            default -> List.of();
        };
    }

    static ToolCall functionCall(JsonNode item, String path) {
        String arguments = Fields.text(item, "arguments", path);
        return new ToolCall(Fields.requireText(item, "call_id", path), Fields.requireText(item, "name", path),
                arguments == null || arguments.isEmpty() ? "{}" : arguments);
    }

    private static List<ContentPart> message(JsonNode item, String path) {
        JsonNode content = Fields.requireArray(item, "content", path);
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            String text = contentText(content.get(i), path(path(path, "content"), i));
            if (text != null && !text.isEmpty()) {
                parts.add(new Text(text));
            }
        }
        return parts;
    }

    /** The text of an {@code output_text} or {@code refusal} part; null for another kind. */
    static String contentText(JsonNode part, String path) {
        Fields.requireObject(part, path);
        String type = Fields.requireText(part, "type", path);
        return switch (type) {
            case "output_text" -> Fields.requireText(part, "text", path);
            case "refusal" -> Fields.requireText(part, "refusal", path);
            default -> null;
        };
    }

    private static List<ContentPart> reasoning(JsonNode item, String path) {
        String text = reasoningText(item, path);
        String encrypted = Fields.text(item, "encrypted_content", path);
        if (text.isEmpty() && encrypted == null) {
            return List.of();
        }
        return List.of(new Thinking(text, encrypted, null, encrypted == null ? null : ApiFormat.OPENAI_RESPONSES));
    }

    /** The summary texts, joined by a blank line; without a summary, the raw {@code reasoning_text} content. */
    static String reasoningText(JsonNode item, String path) {
        String summary = joined(Fields.array(item, "summary", path), path(path, "summary"));
        return summary.isEmpty() ? joined(Fields.array(item, "content", path), path(path, "content")) : summary;
    }

    private static String joined(JsonNode parts, String path) {
        if (parts == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = Fields.requireObject(parts.get(i), path(path, i));
            String text = Fields.text(part, "text", path(path, i));
            if (text != null && !text.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "\n\n").append(text);
            }
        }
        return sb.toString();
    }
}
