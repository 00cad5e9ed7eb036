package dev.aiproxy.translate.internal.openai;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads an OpenAI Chat Completions request into the canonical model. */
final class OpenAiChatRequestDecoder {
    /** Top-level fields this decoder maps; every other field goes to the extensions. */
    private static final Set<String> MAPPED = Set.of("model", "messages", "tools", "tool_choice",
            "parallel_tool_calls", "response_format", "reasoning_effort", "temperature", "top_p", "max_tokens",
            "max_completion_tokens", "stop", "stream");
    private static final Set<String> MAPPED_MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id",
            "reasoning_content");

    private OpenAiChatRequestDecoder() {
    }

    /**
     * The common shape is read with the streaming parser ({@link OpenAiChatRequestReader}); everything else with the
     * tree.
     *
     * @throws JsonShapeException naming the path of the first problem
     */
    static ChatRequest decode(byte[] body) {
        ChatRequest common = OpenAiChatRequestReader.read(body);
        return common != null ? common : decodeTree(body);
    }

    /** The tree-based decoder, which reads every request the format allows. */
    static ChatRequest decodeTree(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        ChatRequest.Builder b = ChatRequest.builder()
                .model(Fields.requireText(root, "model", ""))
                .messages(messages(Fields.requireArray(root, "messages", "")))
                .tools(tools(Fields.array(root, "tools", "")))
                .toolChoice(toolChoice(Fields.field(root, "tool_choice")))
                .parallelToolCalls(Fields.bool(root, "parallel_tool_calls", ""))
                .responseFormat(responseFormat(Fields.object(root, "response_format", "")))
                .temperature(Fields.number(root, "temperature", ""))
                .topP(Fields.number(root, "top_p", ""))
                .stopSequences(stop(Fields.field(root, "stop")))
                .stream(Boolean.TRUE.equals(Fields.bool(root, "stream", "")));
        String effort = Fields.text(root, "reasoning_effort", "");
        if (effort != null) {
            b.reasoning(new Reasoning(effort, null, null));
        }
        Integer maxTokens = Fields.integer(root, "max_completion_tokens", "");
        b.maxOutputTokens(maxTokens != null ? maxTokens : Fields.integer(root, "max_tokens", ""));
        b.extensions(OpenAiExtensions.unmapped(root, MAPPED));
        return b.build();
    }

    private static List<Message> messages(JsonNode array) {
        List<Message> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(message(array.get(i), path("messages", i)));
        }
        return out;
    }

    private static Message message(JsonNode node, String path) {
        Fields.requireObject(node, path);
        String role = Fields.requireText(node, "role", path);
        Extensions ext = OpenAiExtensions.unmapped(node, MAPPED_MESSAGE_FIELDS);
        return switch (role) {
            case "system", "developer" -> new Message(Role.SYSTEM, content(node, path),
                    role.equals("developer") ? ext.with("openai.role", "\"developer\"") : ext);
            case "user" -> new Message(Role.USER, content(node, path), ext);
            case "assistant" -> new Message(Role.ASSISTANT, assistantContent(node, path), ext);
            case "tool" -> new Message(Role.TOOL, List.of(new ToolResult(Signatures.plainToolCallId(
                    Fields.requireText(node, "tool_call_id", path)), null, content(node, path), false)), ext);
            default -> throw new JsonShapeException(path(path, "role"),
                    "unsupported role '" + role + "' (expected system, developer, user, assistant or tool)");
        };
    }

    private static List<ContentPart> assistantContent(JsonNode node, String path) {
        List<ContentPart> parts = new ArrayList<>();
        String reasoning = Fields.text(node, "reasoning_content", path);
        if (reasoning != null && !reasoning.isEmpty()) {
            parts.add(Thinking.of(reasoning));
        }
        parts.addAll(content(node, path));
        JsonNode calls = Fields.array(node, "tool_calls", path);
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                String callPath = path(path(path, "tool_calls"), i);
                JsonNode call = Fields.requireObject(calls.get(i), callPath);
                JsonNode function = Fields.requireObject(call, "function", callPath);
                String fnPath = path(callPath, "function");
                String arguments = Fields.text(function, "arguments", fnPath);
                parts.add(Signatures.toolCallFromClient(Fields.requireText(call, "id", callPath),
                        Fields.requireText(function, "name", fnPath), arguments == null ? "{}" : arguments));
            }
        }
        return parts;
    }

    private static List<ContentPart> content(JsonNode node, String path) {
        JsonNode content = Fields.field(node, "content");
        String contentPath = path(path, "content");
        if (content == null) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(new Text(content.textValue()));
        }
        if (!content.isArray()) {
            throw new JsonShapeException(contentPath, "expected a string or an array, got " + Fields.kind(content));
        }
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), path(contentPath, i)));
        }
        return parts;
    }

    private static ContentPart part(JsonNode node, String path) {
        Fields.requireObject(node, path);
        String type = Fields.requireText(node, "type", path);
        return switch (type) {
            case "text" -> new Text(Fields.requireText(node, "text", path));
            case "refusal" -> new Text(Fields.requireText(node, "refusal", path));
            case "image_url" -> image(Fields.requireObject(node, "image_url", path), path(path, "image_url"));
            default -> throw new JsonShapeException(path(path, "type"), "unsupported content part type '" + type
                    + "' (supported: text, image_url)");
        };
    }

    private static Image image(JsonNode imageUrl, String path) {
        return DataUrls.image(Fields.requireText(imageUrl, "url", path), Fields.text(imageUrl, "detail", path), path,
                "url");
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        if (tools == null) {
            return List.of();
        }
        List<ToolSpec> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String path = path("tools", i);
            JsonNode tool = Fields.requireObject(tools.get(i), path);
            String type = Fields.requireText(tool, "type", path);
            if (!type.equals("function")) {
                throw new JsonShapeException(path(path, "type"), "unsupported tool type '" + type
                        + "' (supported: function)");
            }
            String fnPath = path(path, "function");
            JsonNode fn = Fields.requireObject(tool, "function", path);
            JsonNode parameters = Fields.object(fn, "parameters", fnPath);
            out.add(new ToolSpec(Fields.requireText(fn, "name", fnPath), Fields.text(fn, "description", fnPath),
                    parameters == null ? null : Json.toText(parameters), Fields.bool(fn, "strict", fnPath)));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (node == null) {
            return null;
        }
        ToolChoice keyword = OpenAiToolChoice.keyword(node);
        if (keyword != null) {
            return keyword;
        }
        Fields.requireObject(node, "tool_choice");
        JsonNode fn = Fields.requireObject(node, "function", "tool_choice");
        return new ToolChoice.Named(Fields.requireText(fn, "name", "tool_choice.function"));
    }

    private static ResponseFormat responseFormat(JsonNode node) {
        if (node == null) {
            return null;
        }
        String type = Fields.requireText(node, "type", "response_format");
        return switch (type) {
            case "text" -> new ResponseFormat.PlainText();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode js = Fields.requireObject(node, "json_schema", "response_format");
                JsonNode schema = Fields.object(js, "schema", "response_format.json_schema");
                yield new ResponseFormat.JsonSchema(Fields.text(js, "name", "response_format.json_schema"),
                        schema == null ? "{}" : Json.toText(schema),
                        Fields.bool(js, "strict", "response_format.json_schema"));
            }
            default -> throw new JsonShapeException("response_format.type", "unsupported value '" + type
                    + "' (expected text, json_object or json_schema)");
        };
    }

    private static List<String> stop(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new JsonShapeException("stop", "expected a string or an array of strings, got " + Fields.kind(node));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual()) {
                throw new JsonShapeException(path("stop", i), "expected a string, got " + Fields.kind(s));
            }
            out.add(s.textValue());
        }
        return out;
    }
}
