package dev.aiproxy.translate.internal.responses;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.openai.DataUrls;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request's {@code input}: a string (one user message) or a list of items. The items of one assistant turn
 * (reasoning, message, function calls) become one assistant message, and consecutive {@code function_call_output}s
 * one tool message, as the other formats group them. Item {@code id}s and {@code status}es are not kept.
 */
final class ResponsesInputDecoder {
    private final List<Message> out = new ArrayList<>();
    private Role role;
    private List<ContentPart> parts;
    private Extensions extensions;

    private ResponsesInputDecoder() {
    }

    /** @throws JsonShapeException naming the path of the first problem */
    static List<Message> decode(JsonNode input) {
        if (input == null) {
            return List.of();
        }
        if (input.isTextual()) {
            return List.of(Message.user(input.textValue()));
        }
        if (!input.isArray()) {
            throw new JsonShapeException("input", "expected a string or an array of items, got " + Fields.kind(input));
        }
        ResponsesInputDecoder decoder = new ResponsesInputDecoder();
        for (int i = 0; i < input.size(); i++) {
            decoder.item(input.get(i), path("input", i));
        }
        decoder.flush();
        return List.copyOf(decoder.out);
    }

    private void item(JsonNode item, String path) {
        Fields.requireObject(item, path);
        String type = Fields.text(item, "type", path);
        if (type == null) {
            if (Fields.field(item, "role") == null) {
                throw new JsonShapeException(path(path, "type"), "required string is missing");
            }
            type = "message";
        }
        switch (type) {
            case "message" -> message(item, path);
            case "function_call" -> {
                String arguments = Fields.text(item, "arguments", path);
                join(Role.ASSISTANT, Signatures.toolCallFromClient(Fields.requireText(item, "call_id", path),
                        Fields.requireText(item, "name", path), arguments == null ? "{}" : arguments));
            }
            case "function_call_output" -> join(Role.TOOL, new ToolResult(
                    Signatures.plainToolCallId(Fields.requireText(item, "call_id", path)), null, output(item, path),
                    false));
            case "reasoning" -> reasoning(item, path);
            case "item_reference" -> throw new JsonShapeException(path(path, "type"), "an item_reference points at"
                    + " an item stored at OpenAI and cannot be translated; send the item itself");
            default -> throw new JsonShapeException(path(path, "type"), "unsupported input item type '" + type
                    + "' (supported: message, function_call, function_call_output, reasoning; items of OpenAI"
                    + " built-in tools cannot be translated)");
        }
    }

    private void message(JsonNode item, String path) {
        String itemRole = Fields.requireText(item, "role", path);
        List<ContentPart> content = content(item, path);
        switch (itemRole) {
            case "user" -> start(Role.USER, content, Extensions.EMPTY);
            case "system" -> start(Role.SYSTEM, content, Extensions.EMPTY);
            case "developer" -> start(Role.SYSTEM, content, Extensions.EMPTY.with("openai.role", "\"developer\""));
            case "assistant" -> content.forEach(part -> join(Role.ASSISTANT, part));
            default -> throw new JsonShapeException(path(path, "role"), "unsupported role '" + itemRole
                    + "' (expected user, assistant, system or developer)");
        }
    }

    /**
     * A reasoning item becomes a thinking block: its summary texts joined (or, without a summary, its raw reasoning
     * text), sealed by its {@code encrypted_content}, which is where the gateway also puts another provider's
     * signature for a Responses client (see {@link Signatures}).
     */
    private void reasoning(JsonNode item, String path) {
        String text = texts(Fields.array(item, "summary", path), path(path, "summary"), "summary_text");
        if (text.isEmpty()) {
            text = texts(Fields.array(item, "content", path), path(path, "content"), "reasoning_text");
        }
        String encrypted = Fields.text(item, "encrypted_content", path);
        if (!text.isEmpty() || encrypted != null) {
            join(Role.ASSISTANT, Signatures.fromClient(text, encrypted, null, ApiFormat.OPENAI_RESPONSES));
        }
    }

    private static String texts(JsonNode parts, String path, String expectedType) {
        if (parts == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = Fields.requireObject(parts.get(i), path(path, i));
            String type = Fields.requireText(part, "type", path(path, i));
            if (!type.equals(expectedType)) {
                throw new JsonShapeException(path(path(path, i), "type"), "expected '" + expectedType + "', got '"
                        + type + "'");
            }
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(Fields.requireText(part, "text", path(path, i)));
        }
        return sb.toString();
    }

    private static List<ContentPart> content(JsonNode item, String path) {
        JsonNode content = Fields.field(item, "content");
        String contentPath = path(path, "content");
        if (content == null) {
            throw new JsonShapeException(contentPath, "required content is missing");
        }
        if (content.isTextual()) {
            return List.of(new Text(content.textValue()));
        }
        return parts(content, contentPath);
    }

    /** A function call's {@code output}: a string or a list of content parts. */
    private static List<ContentPart> output(JsonNode item, String path) {
        JsonNode output = Fields.field(item, "output");
        String outputPath = path(path, "output");
        if (output == null) {
            throw new JsonShapeException(outputPath, "required output is missing");
        }
        return output.isTextual() ? List.of(new Text(output.textValue())) : parts(output, outputPath);
    }

    private static List<ContentPart> parts(JsonNode array, String path) {
        if (!array.isArray()) {
            throw new JsonShapeException(path, "expected a string or an array, got " + Fields.kind(array));
        }
        List<ContentPart> parts = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            parts.add(part(array.get(i), path(path, i)));
        }
        return parts;
    }

    private static ContentPart part(JsonNode node, String path) {
        Fields.requireObject(node, path);
        String type = Fields.requireText(node, "type", path);
        return switch (type) {
            case "input_text", "output_text" -> new Text(Fields.requireText(node, "text", path));
            case "refusal" -> new Text(Fields.requireText(node, "refusal", path));
            case "input_image" -> image(node, path);
            default -> throw new JsonShapeException(path(path, "type"), "unsupported content type '" + type
                    + "' (supported: input_text, output_text, refusal, input_image)");
        };
    }

    private static ContentPart image(JsonNode node, String path) {
        String url = Fields.text(node, "image_url", path);
        if (url == null) {
            String reason = Fields.text(node, "file_id", path) != null
                    ? "a file_id names a file stored at OpenAI and cannot be translated; send image_url"
                    : "required string is missing";
            throw new JsonShapeException(path(path, "image_url"), reason);
        }
        return DataUrls.image(url, Fields.text(node, "detail", path), path, "image_url");
    }

    /** Adds to the open message when it has the same role; otherwise opens a new one. */
    private void join(Role partRole, ContentPart part) {
        if (role != partRole) {
            start(partRole, new ArrayList<>(), Extensions.EMPTY);
        }
        parts.add(part);
    }

    private void start(Role newRole, List<ContentPart> content, Extensions ext) {
        flush();
        role = newRole;
        parts = new ArrayList<>(content);
        extensions = ext;
        if (newRole == Role.USER || newRole == Role.SYSTEM) {
            flush();
        }
    }

    private void flush() {
        if (role != null) {
            out.add(new Message(role, parts, extensions));
            role = null;
        }
    }
}
