package dev.aiproxy.translate.internal.anthropic;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code system} prompt and the {@code messages} of an Anthropic request into canonical messages. Each
 * content block becomes exactly one part, in order, so a block's extras (see {@link AnthropicExtras}) are kept on the
 * message under {@code content[i]}. Tool results stay in the user message that carries them, as {@link ToolResult}
 * parts (Anthropic has no tool role); their tool name is taken from the earlier {@code tool_use} with the same id.
 * Single use: it remembers tool names across messages.
 */
final class AnthropicContentDecoder {
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "text", Set.of("type", "text"),
            "image", Set.of("type", "source"),
            "tool_use", Set.of("type", "id", "name", "input"),
            "tool_result", Set.of("type", "tool_use_id", "content", "is_error"),
            "thinking", Set.of("type", "thinking", "signature"),
            "redacted_thinking", Set.of("type", "data"));
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");

    private final Map<String, String> toolNames = new HashMap<>();

    /** The {@code system} field (a string or an array of text blocks) as one system message per block. */
    static List<Message> system(JsonNode system) {
        if (system == null) {
            return List.of();
        }
        if (system.isTextual()) {
            return List.of(Message.system(system.textValue()));
        }
        if (!system.isArray()) {
            throw new JsonShapeException("system", "expected a string or an array of text blocks, got "
                    + Fields.kind(system));
        }
        List<Message> out = new ArrayList<>(system.size());
        for (int i = 0; i < system.size(); i++) {
            String path = path("system", i);
            JsonNode block = Fields.requireObject(system.get(i), path);
            String type = Fields.requireText(block, "type", path);
            if (!type.equals("text")) {
                throw new JsonShapeException(path(path, "type"), "unsupported system block type '" + type
                        + "' (supported: text)");
            }
            Map<String, String> extras = new LinkedHashMap<>();
            AnthropicExtras.collect(block, KNOWN.get("text"), "content[0]", extras);
            out.add(new Message(Role.SYSTEM, List.of(new Text(Fields.requireText(block, "text", path))),
                    new Extensions(extras)));
        }
        return out;
    }

    List<Message> messages(JsonNode array) {
        List<Message> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(message(array.get(i), path("messages", i)));
        }
        return out;
    }

    private Message message(JsonNode node, String path) {
        Fields.requireObject(node, path);
        String roleName = Fields.requireText(node, "role", path);
        Role role = switch (roleName) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> throw new JsonShapeException(path(path, "role"), "unsupported role '" + roleName
                    + "' (expected user or assistant; the system prompt goes in the top-level 'system' field)");
        };
        Map<String, String> extras = new LinkedHashMap<>();
        AnthropicExtras.collect(node, MESSAGE_FIELDS, "", extras);
        JsonNode content = Fields.field(node, "content");
        String contentPath = path(path, "content");
        List<ContentPart> parts;
        if (content == null) {
            throw new JsonShapeException(contentPath, "required string or array is missing");
        } else if (content.isTextual()) {
            parts = List.of(new Text(content.textValue()));
        } else if (content.isArray()) {
            parts = new ArrayList<>(content.size());
            for (int i = 0; i < content.size(); i++) {
                parts.add(block(content.get(i), path(contentPath, i), role, "content[" + i + "]", extras));
            }
        } else {
            throw new JsonShapeException(contentPath, "expected a string or an array, got " + Fields.kind(content));
        }
        return new Message(role, parts, new Extensions(extras));
    }

    private ContentPart block(JsonNode node, String path, Role role, String extrasPath, Map<String, String> extras) {
        Fields.requireObject(node, path);
        String type = Fields.requireText(node, "type", path);
        ContentPart part = switch (type) {
            case "text" -> new Text(Fields.requireText(node, "text", path));
            case "image" -> image(node, path);
            case "tool_use" -> toolUse(node, path, role);
            case "tool_result" -> toolResult(node, path, role, extrasPath, extras);
            case "thinking" -> {
                requireRole(role, Role.ASSISTANT, type, path);
                String signature = Fields.text(node, "signature", path);
                // an empty signature is what the gateway shows for unsigned reasoning: it signs nothing
                yield Signatures.fromClient(Fields.requireText(node, "thinking", path),
                        signature == null || signature.isEmpty() ? null : signature, null,
                        ApiFormat.ANTHROPIC_MESSAGES);
            }
            case "redacted_thinking" -> {
                requireRole(role, Role.ASSISTANT, type, path);
                yield Signatures.fromClient("", null, Fields.requireText(node, "data", path),
                        ApiFormat.ANTHROPIC_MESSAGES);
            }
            default -> throw new JsonShapeException(path(path, "type"), "content block type '" + type
                    + "' cannot be translated to other formats (supported: text, image, tool_use, tool_result, "
                    + "thinking, redacted_thinking)");
        };
        AnthropicExtras.collect(node, KNOWN.get(type), extrasPath, extras);
        return part;
    }

    private ToolCall toolUse(JsonNode node, String path, Role role) {
        requireRole(role, Role.ASSISTANT, "tool_use", path);
        JsonNode input = Fields.requireObject(node, "input", path);
        ToolCall call = Signatures.toolCallFromClient(Fields.requireText(node, "id", path),
                Fields.requireText(node, "name", path), Json.toText(input));
        toolNames.put(call.id(), call.name());
        return call;
    }

    private ToolResult toolResult(JsonNode node, String path, Role role, String extrasPath,
            Map<String, String> extras) {
        requireRole(role, Role.USER, "tool_result", path);
        String id = Signatures.plainToolCallId(Fields.requireText(node, "tool_use_id", path));
        JsonNode content = Fields.field(node, "content");
        String contentPath = path(path, "content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            parts.add(new Text(content.textValue()));
        } else if (content != null && content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                String itemPath = path(contentPath, i);
                JsonNode item = Fields.requireObject(content.get(i), itemPath);
                String type = Fields.requireText(item, "type", itemPath);
                parts.add(switch (type) {
                    case "text" -> new Text(Fields.requireText(item, "text", itemPath));
                    case "image" -> image(item, itemPath);
                    default -> throw new JsonShapeException(path(itemPath, "type"), "tool result block type '"
                            + type + "' cannot be translated to other formats (supported: text, image)");
                });
                AnthropicExtras.collect(item, KNOWN.get(type), extrasPath + ".content[" + i + "]", extras);
            }
        } else if (content != null) {
            throw new JsonShapeException(contentPath, "expected a string or an array, got " + Fields.kind(content));
        }
        return new ToolResult(id, toolNames.get(id), parts, Boolean.TRUE.equals(Fields.bool(node, "is_error", path)));
    }

    private static Image image(JsonNode node, String path) {
        String sourcePath = path(path, "source");
        JsonNode source = Fields.requireObject(node, "source", path);
        String type = Fields.requireText(source, "type", sourcePath);
        return switch (type) {
            case "base64" -> Image.fromBase64(Fields.requireText(source, "media_type", sourcePath),
                    Fields.requireText(source, "data", sourcePath));
            case "url" -> Image.fromUrl(Fields.requireText(source, "url", sourcePath));
            default -> throw new JsonShapeException(path(sourcePath, "type"), "image source type '" + type
                    + "' cannot be translated to other formats (supported: base64, url)");
        };
    }

    private static void requireRole(Role actual, Role expected, String type, String path) {
        if (actual != expected) {
            throw new JsonShapeException(path(path, "type"), "'" + type + "' blocks belong in "
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + " messages");
        }
    }
}
