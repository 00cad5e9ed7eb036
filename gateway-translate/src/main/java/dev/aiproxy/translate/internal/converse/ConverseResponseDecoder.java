package dev.aiproxy.translate.internal.converse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Converse answer (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * "Response Syntax"): {@code output.message.content} blocks, {@code stopReason} and {@code usage}. Converse names
 * neither the answer nor the model, so the id is a new one and the model is empty (the gateway shows its own name).
 * Blocks the canonical model has no part for (citations, guard content) are skipped.
 */
final class ConverseResponseDecoder {
    private ConverseResponseDecoder() {
    }

    /** @throws dev.aiproxy.translate.internal.json.JsonShapeException when the body is not a Converse answer */
    static ChatResponse decode(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        JsonNode message = Fields.requireObject(Fields.requireObject(root, "output", ""), "message", "output");
        JsonNode blocks = Fields.requireArray(message, "content", "output.message");
        List<ContentPart> content = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            ContentPart part = block(Fields.requireObject(blocks.get(i), Fields.path("output.message.content", i)),
                    Fields.path("output.message.content", i));
            if (part != null) {
                content.add(part);
            }
        }
        return new ChatResponse(Ids.next("msg_"), "", content,
                ConverseUsage.stopReason(Fields.text(root, "stopReason", "")),
                ConverseUsage.decode(Fields.object(root, "usage", ""), "usage"), null);
    }

    /** One ContentBlock, or null for a kind the canonical model does not hold. */
    private static ContentPart block(JsonNode block, String path) {
        String text = Fields.text(block, "text", path);
        if (text != null) {
            return new Text(text);
        }
        JsonNode toolUse = Fields.object(block, "toolUse", path);
        if (toolUse != null) {
            String at = Fields.path(path, "toolUse");
            JsonNode input = Fields.field(toolUse, "input");
            return new ToolCall(Fields.requireText(toolUse, "toolUseId", at), Fields.requireText(toolUse, "name", at),
                    input == null ? "{}" : Json.toText(input));
        }
        JsonNode reasoning = Fields.object(block, "reasoningContent", path);
        if (reasoning != null) {
            String at = Fields.path(path, "reasoningContent");
            String redacted = Fields.text(reasoning, "redactedContent", at);
            if (redacted != null) {
                return new Thinking("", null, redacted, ApiFormat.BEDROCK_CONVERSE);
            }
            JsonNode reasoningText = Fields.requireObject(reasoning, "reasoningText", at);
            return new Thinking(Fields.requireText(reasoningText, "text", Fields.path(at, "reasoningText")),
                    Fields.text(reasoningText, "signature", Fields.path(at, "reasoningText")), null,
                    ApiFormat.BEDROCK_CONVERSE);
        }
        return null;
    }
}
