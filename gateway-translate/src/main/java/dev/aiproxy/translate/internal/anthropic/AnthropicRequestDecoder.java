package dev.aiproxy.translate.internal.anthropic;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Anthropic Messages request (https://docs.anthropic.com/en/api/messages) into the canonical model. Fields
 * the model has no place for ({@code metadata}, {@code top_k}, {@code service_tier}, ...) go to the extensions as
 * {@code anthropic.<field>}.
 */
final class AnthropicRequestDecoder {
    /** Top-level fields this decoder maps; every other field goes to the extensions. */
    private static final Set<String> MAPPED = Set.of("model", "messages", "system", "max_tokens", "tools",
            "tool_choice", "thinking", "temperature", "top_p", "stop_sequences", "stream", "output_config",
            "output_format");
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "input_schema", "strict");

    private AnthropicRequestDecoder() {
    }

    /**
     * The common shape is read with the streaming parser ({@link AnthropicRequestReader}); everything else with the
     * tree.
     *
     * @throws JsonShapeException naming the path of the first problem
     */
    static ChatRequest decode(byte[] body, AnthropicEndpoint endpoint) {
        ChatRequest common = AnthropicRequestReader.read(body, endpoint);
        return common != null ? common : decodeTree(body, endpoint);
    }

    /** The tree-based decoder, which reads every request the format allows. */
    static ChatRequest decodeTree(byte[] body, AnthropicEndpoint endpoint) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        Map<String, String> extensions = new LinkedHashMap<>();
        AnthropicExtras.collect(root, MAPPED, "", extensions);
        Integer maxTokens = Fields.integer(root, "max_tokens", "");
        if (maxTokens == null && endpoint == AnthropicEndpoint.MESSAGES) {
            throw new JsonShapeException("max_tokens", "required integer is missing");
        }
        List<Message> messages = new ArrayList<>(AnthropicContentDecoder.system(Fields.field(root, "system")));
        messages.addAll(new AnthropicContentDecoder().messages(Fields.requireArray(root, "messages", "")));
        ChatRequest.Builder b = ChatRequest.builder()
                .model(Fields.requireText(root, "model", ""))
                .messages(messages)
                .tools(tools(Fields.array(root, "tools", ""), extensions))
                .reasoning(thinking(Fields.object(root, "thinking", ""), extensions))
                .responseFormat(responseFormat(root, extensions))
                .temperature(Fields.number(root, "temperature", ""))
                .topP(Fields.number(root, "top_p", ""))
                .maxOutputTokens(maxTokens)
                .stopSequences(stopSequences(Fields.array(root, "stop_sequences", "")))
                .stream(endpoint == AnthropicEndpoint.MESSAGES && Boolean.TRUE.equals(Fields.bool(root, "stream", "")));
        JsonNode toolChoice = Fields.object(root, "tool_choice", "");
        if (toolChoice != null) {
            b.toolChoice(toolChoice(toolChoice));
            Boolean disableParallel = Fields.bool(toolChoice, "disable_parallel_tool_use", "tool_choice");
            b.parallelToolCalls(disableParallel == null ? null : !disableParallel);
        }
        return b.extensions(new Extensions(extensions)).build();
    }

    private static List<ToolSpec> tools(JsonNode tools, Map<String, String> extensions) {
        if (tools == null) {
            return List.of();
        }
        List<ToolSpec> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String path = path("tools", i);
            JsonNode tool = Fields.requireObject(tools.get(i), path);
            String type = Fields.text(tool, "type", path);
            if (type != null && !type.equals("custom")) {
                // server tools (web_search, code_execution) and Anthropic-defined client tools (bash, computer,
                // text_editor) exist only on Anthropic: no other format can run or describe them
                throw new JsonShapeException(path(path, "type"), "tool type '" + type
                        + "' is Anthropic-only and cannot be translated to other formats (supported: custom tools "
                        + "with name and input_schema)");
            }
            JsonNode schema = Fields.requireObject(tool, "input_schema", path);
            out.add(new ToolSpec(Fields.requireText(tool, "name", path), Fields.text(tool, "description", path),
                    Json.toText(schema), Fields.bool(tool, "strict", path)));
            AnthropicExtras.collect(tool, TOOL_FIELDS, path, extensions);
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        String type = Fields.requireText(node, "type", "tool_choice");
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> new ToolChoice.Named(Fields.requireText(node, "name", "tool_choice"));
            default -> throw new JsonShapeException("tool_choice.type", "unsupported value '" + type
                    + "' (expected auto, any, tool or none)");
        };
    }

    /**
     * {@code enabled} carries a budget; {@code disabled} is a budget of 0. Other types ({@code adaptive}) have no
     * canonical form: they are kept whole as {@code anthropic.thinking} and only an Anthropic upstream sees them.
     */
    private static Reasoning thinking(JsonNode node, Map<String, String> extensions) {
        if (node == null) {
            return null;
        }
        String type = Fields.requireText(node, "type", "thinking");
        return switch (type) {
            case "enabled" -> {
                Integer budget = Fields.integer(node, "budget_tokens", "thinking");
                if (budget == null) {
                    throw new JsonShapeException("thinking.budget_tokens", "required integer is missing");
                }
                AnthropicExtras.collect(node, Set.of("type", "budget_tokens"), "thinking", extensions);
                yield new Reasoning(null, budget, null);
            }
            case "disabled" -> new Reasoning(null, 0, false);
            default -> {
                extensions.put(AnthropicExtras.key("", "thinking"), Json.toText(node));
                yield null;
            }
        };
    }

    /**
     * Structured output: {@code output_config.format} (generally available) or the beta's top-level
     * {@code output_format}, both {@code {"type":"json_schema","schema":{...}}}; see
     * https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs. Other keys of {@code output_config}
     * ({@code effort}) are kept as extras.
     */
    private static ResponseFormat responseFormat(JsonNode root, Map<String, String> extensions) {
        JsonNode config = Fields.object(root, "output_config", "");
        JsonNode format = null;
        String path = "output_config.format";
        if (config != null) {
            AnthropicExtras.collect(config, Set.of("format"), "output_config", extensions);
            format = Fields.object(config, "format", "output_config");
        }
        if (format == null) {
            format = Fields.object(root, "output_format", "");
            path = "output_format";
        }
        if (format == null) {
            return null;
        }
        String type = Fields.requireText(format, "type", path);
        if (!type.equals("json_schema")) {
            throw new JsonShapeException(path(path, "type"), "unsupported value '" + type + "' (expected json_schema)");
        }
        return new ResponseFormat.JsonSchema(null, Json.toText(Fields.requireObject(format, "schema", path)), null);
    }

    private static List<String> stopSequences(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual()) {
                throw new JsonShapeException(path("stop_sequences", i), "expected a string, got " + Fields.kind(s));
            }
            out.add(s.textValue());
        }
        return out;
    }
}
