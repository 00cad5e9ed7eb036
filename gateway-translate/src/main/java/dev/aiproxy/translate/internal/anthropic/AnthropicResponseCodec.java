package dev.aiproxy.translate.internal.anthropic;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's {@code message} object (https://docs.anthropic.com/en/api/messages), both ways. Blocks of types the
 * canonical model cannot hold ({@code server_tool_use}, {@code web_search_tool_result}, ...) are kept raw in the
 * response's extensions as {@code anthropic.content[i]}, and {@code stop_sequence} as {@code anthropic.stop_sequence}.
 */
final class AnthropicResponseCodec {
    static final String STOP_SEQUENCE = AnthropicExtras.key("", "stop_sequence");

    private AnthropicResponseCodec() {
    }

    static ChatResponse decode(byte[] body) {
        ChatResponse text = AnthropicTextMessages.read(body);
        return text != null ? text : decodeTree(body);
    }

    /** Any message, read from a tree: the full treatment, and the error for one that is not a message. */
    static ChatResponse decodeTree(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        JsonNode content = Fields.requireArray(root, "content", "");
        List<ContentPart> parts = new ArrayList<>(content.size());
        Map<String, String> extensions = new LinkedHashMap<>();
        for (int i = 0; i < content.size(); i++) {
            String path = path("content", i);
            JsonNode block = Fields.requireObject(content.get(i), path);
            ContentPart part = block(block, path);
            if (part != null) {
                parts.add(part);
            } else {
                extensions.put(AnthropicExtras.key("", "content[" + i + "]"), Json.toText(block));
            }
        }
        String stopSequence = Fields.text(root, "stop_sequence", "");
        if (stopSequence != null) {
            extensions.put(STOP_SEQUENCE, Json.toText(root.get("stop_sequence")));
        }
        String id = Fields.text(root, "id", "");
        String model = Fields.text(root, "model", "");
        return new ChatResponse(id != null ? id : Ids.next("msg_"), model != null ? model : "", parts,
                AnthropicStopReasons.decode(Fields.text(root, "stop_reason", "")),
                AnthropicUsage.decode(Fields.object(root, "usage", ""), "usage"), new Extensions(extensions));
    }

    /** One content block; null for a type the canonical model has no part for. */
    private static ContentPart block(JsonNode block, String path) {
        return switch (Fields.requireText(block, "type", path)) {
            case "text" -> new Text(Fields.requireText(block, "text", path));
            case "tool_use" -> new ToolCall(Fields.requireText(block, "id", path),
                    Fields.requireText(block, "name", path),
                    Json.toText(Fields.requireObject(block, "input", path)));
            case "thinking" -> {
                String signature = Fields.text(block, "signature", path);
                yield new Thinking(Fields.requireText(block, "thinking", path),
                        signature == null || signature.isEmpty() ? null : signature, null,
                        ApiFormat.ANTHROPIC_MESSAGES);
            }
            case "redacted_thinking" -> new Thinking("", null, Fields.requireText(block, "data", path),
                    ApiFormat.ANTHROPIC_MESSAGES);
            default -> null;
        };
    }

    static byte[] encode(ChatResponse response) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("id", messageId(response.id()));
            gen.writeStringField("type", "message");
            gen.writeStringField("role", "assistant");
            gen.writeStringField("model", response.model());
            gen.writeArrayFieldStart("content");
            for (ContentPart part : response.content()) {
                writeBlock(gen, part);
            }
            gen.writeEndArray();
            gen.writeStringField("stop_reason", AnthropicStopReasons.encode(response.stopReason()));
            gen.writeFieldName("stop_sequence");
            gen.writeRawValue(response.extensions().get(STOP_SEQUENCE).orElse("null"));
            gen.writeObjectFieldStart("usage");
            AnthropicUsage.writeFields(gen, response.usage());
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    /**
     * Anthropic's ids are {@code msg_} and base-62 characters; another provider's id ({@code chatcmpl-...}, a Gemini
     * {@code responseId}) becomes one in that shape, derived from it, so the same answer has the same id streamed or
     * not. The Anthropic SDKs do not parse ids, but code that stores or checks them may.
     */
    static String messageId(String id) {
        return id.startsWith("msg_") ? id : Ids.derived("msg_", id);
    }

    private static void writeBlock(JsonGenerator gen, ContentPart part) throws IOException {
        switch (part) {
            case Text t -> {
                if (!t.text().isEmpty()) {
                    gen.writeStartObject();
                    gen.writeStringField("type", "text");
                    gen.writeStringField("text", t.text());
                    gen.writeEndObject();
                }
            }
            case ToolCall call -> {
                gen.writeStartObject();
                gen.writeStringField("type", "tool_use");
                gen.writeStringField("id", Signatures.toolCallIdForClient(call));
                gen.writeStringField("name", call.name());
                AnthropicBlocks.writeToolInput(gen, call.argumentsJson());
                gen.writeEndObject();
            }
            case Thinking thinking -> {
                gen.writeStartObject();
                AnthropicBlocks.writeThinking(gen, thinking,
                        Signatures.forClient(thinking, ApiFormat.ANTHROPIC_MESSAGES));
                gen.writeEndObject();
            }
            case Image ignored -> { }
            case ToolResult ignored -> { }
        }
    }
}
