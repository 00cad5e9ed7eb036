package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.openai.DataUrls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes canonical messages as a Responses {@code input} item list: a message item per system or user message, a
 * {@code function_call_output} per tool result, and for an assistant message its parts in order as reasoning,
 * message and {@code function_call} items.
 */
final class ResponsesInputEncoder {
    private ResponsesInputEncoder() {
    }

    static void write(JsonGenerator gen, List<Message> messages) throws IOException {
        gen.writeArrayFieldStart("input");
        for (Message message : messages) {
            switch (message.role()) {
                case SYSTEM -> writeMessage(gen, message.extensions().get("openai.role").isPresent()
                        ? "developer" : "system", message.content());
                case USER, TOOL -> writeUserOrTool(gen, message);
                case ASSISTANT -> writeAssistant(gen, message.content());
            }
        }
        gen.writeEndArray();
    }

    /** Tool results first, as Responses wants each right after the turn that called it; then the rest. */
    private static void writeUserOrTool(JsonGenerator gen, Message message) throws IOException {
        List<ContentPart> rest = new ArrayList<>();
        for (ContentPart part : message.content()) {
            if (part instanceof ToolResult result) {
                writeToolResult(gen, result);
            } else {
                rest.add(part);
            }
        }
        if (!rest.isEmpty()) {
            writeMessage(gen, "user", rest);
        }
    }

    private static void writeToolResult(JsonGenerator gen, ToolResult result) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "function_call_output");
        gen.writeStringField("call_id", result.toolCallId());
        String text = result.text();
        // Responses has no error flag on an output; say it in words, as the Chat Completions encoder does
        String prefix = result.isError() && !text.startsWith("Error") ? "Error: " : "";
        if (result.content().stream().anyMatch(Image.class::isInstance)) {
            gen.writeArrayFieldStart("output");
            if (!prefix.isEmpty()) {
                writeInputText(gen, prefix);
            }
            writeParts(gen, result.content());
            gen.writeEndArray();
        } else {
            gen.writeStringField("output", prefix + text);
        }
        gen.writeEndObject();
    }

    private static void writeMessage(JsonGenerator gen, String role, List<ContentPart> content) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "message");
        gen.writeStringField("role", role);
        if (content.stream().allMatch(Text.class::isInstance)) {
            gen.writeStringField("content", Text.join(content));
        } else {
            gen.writeArrayFieldStart("content");
            writeParts(gen, content);
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    private static void writeParts(JsonGenerator gen, List<ContentPart> content) throws IOException {
        for (ContentPart part : content) {
            switch (part) {
                case Text t -> writeInputText(gen, t.text());
                case Image image -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "input_image");
                    gen.writeStringField("image_url", DataUrls.url(image));
                    // the API requires detail on input images; auto is its documented default
                    gen.writeStringField("detail", image.detail() != null ? image.detail() : "auto");
                    gen.writeEndObject();
                }
                // not content in a user turn: tool calls and results are items of their own, thoughts the model's
                case Thinking ignored -> { }
                case ToolCall ignored -> { }
                case ToolResult ignored -> { }
            }
        }
    }

    private static void writeInputText(JsonGenerator gen, String text) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "input_text");
        gen.writeStringField("text", text);
        gen.writeEndObject();
    }

    /**
     * An assistant turn, part by part: runs of text become message items; a thinking block becomes a reasoning item
     * only when Responses signed it (its {@code encrypted_content}), since another provider's thoughts cannot be
     * replayed; the item goes without an {@code id}, which would point at a stored item.
     */
    private static void writeAssistant(JsonGenerator gen, List<ContentPart> content) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ContentPart part : content) {
            switch (part) {
                case Text t -> text.append(t.text());
                case ToolCall call -> {
                    flushText(gen, text);
                    gen.writeStartObject();
                    gen.writeStringField("type", "function_call");
                    gen.writeStringField("call_id", call.id());
                    gen.writeStringField("name", call.name());
                    gen.writeStringField("arguments", call.argumentsJson());
                    gen.writeEndObject();
                }
                case Thinking thinking -> {
                    if (Signatures.sendableTo(thinking, ApiFormat.OPENAI_RESPONSES)) {
                        flushText(gen, text);
                        ResponsesOutputItems.writeReasoning(gen, null, thinking.text(), thinking.signature());
                    }
                }
                // an assistant message item takes text only
                case Image ignored -> { }
                case ToolResult ignored -> { }
            }
        }
        flushText(gen, text);
    }

    private static void flushText(JsonGenerator gen, StringBuilder text) throws IOException {
        if (!text.isEmpty()) {
            writeMessage(gen, "assistant", List.of(new Text(text.toString())));
            text.setLength(0);
        }
    }
}
