package dev.aiproxy.translate.internal.converse;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a canonical request as a Bedrock Converse request
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html). The model is in the URL, so the
 * body has none. Converse has two roles: tool results go in a user message, and consecutive messages of one role are
 * merged, since Converse wants the roles to alternate. A thinking block goes back only to the format that signed it.
 */
final class ConverseRequestEncoder {
    private ConverseRequestEncoder() {
    }

    /** @throws InvalidRequestException for an image by URL (Converse takes bytes) or a JSON output schema */
    static byte[] encode(ChatRequest request) {
        if (request.responseFormat() instanceof ResponseFormat.JsonSchema
                || request.responseFormat() instanceof ResponseFormat.JsonObject) {
            throw new InvalidRequestException("Bedrock's Converse API has no JSON output mode: ask for JSON in the "
                    + "prompt, or use a tool", "response_format", null);
        }
        return Json.write(gen -> {
            gen.writeStartObject();
            writeMessages(gen, request.messages());
            writeSystem(gen, request.messages());
            writeInferenceConfig(gen, request);
            if (!request.tools().isEmpty()) {
                writeToolConfig(gen, request.tools(), request.toolChoice());
            }
            gen.writeEndObject();
        });
    }

    private static void writeMessages(JsonGenerator gen, List<Message> messages) throws IOException {
        List<Turn> turns = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            if (turns.isEmpty() || !turns.getLast().role().equals(role)) {
                turns.add(new Turn(role, new ArrayList<>()));
            }
            turns.getLast().parts().addAll(message.content());
        }
        gen.writeArrayFieldStart("messages");
        for (Turn turn : turns) {
            gen.writeStartObject();
            gen.writeStringField("role", turn.role());
            gen.writeArrayFieldStart("content");
            for (ContentPart part : turn.parts()) {
                writePart(gen, part);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** One Converse message being gathered from canonical messages of the same role. */
    private record Turn(String role, List<ContentPart> parts) {
    }

    private static void writePart(JsonGenerator gen, ContentPart part) throws IOException {
        switch (part) {
            case Text text -> {
                if (!text.text().isEmpty()) {
                    gen.writeStartObject();
                    gen.writeStringField("text", text.text());
                    gen.writeEndObject();
                }
            }
            case Image image -> writeImage(gen, image);
            case ToolCall call -> {
                gen.writeStartObject();
                gen.writeObjectFieldStart("toolUse");
                gen.writeStringField("toolUseId", call.id());
                gen.writeStringField("name", call.name());
                gen.writeFieldName("input");
                gen.writeRawValue(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
                gen.writeEndObject();
                gen.writeEndObject();
            }
            case ToolResult result -> writeToolResult(gen, result);
            case Thinking thinking -> writeThinking(gen, thinking);
        }
    }

    private static void writeImage(JsonGenerator gen, Image image) throws IOException {
        if (!image.isInline()) {
            throw new InvalidRequestException("Bedrock's Converse API takes images as bytes, not by URL: send the "
                    + "image inline (base64)", "messages", null);
        }
        gen.writeStartObject();
        gen.writeObjectFieldStart("image");
        gen.writeStringField("format", imageFormat(image.mediaType()));
        gen.writeObjectFieldStart("source");
        gen.writeStringField("bytes", image.data());
        gen.writeEndObject();
        gen.writeEndObject();
        gen.writeEndObject();
    }

    /** Converse's image formats: png, jpeg, gif, webp (ImageBlock). */
    private static String imageFormat(String mediaType) {
        String subtype = mediaType.substring(mediaType.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return switch (subtype) {
            case "png", "gif", "webp" -> subtype;
            case "jpeg", "jpg" -> "jpeg";
            default -> throw new InvalidRequestException("Bedrock's Converse API takes png, jpeg, gif or webp images, "
                    + "not " + mediaType, "messages", null);
        };
    }

    private static void writeToolResult(JsonGenerator gen, ToolResult result) throws IOException {
        gen.writeStartObject();
        gen.writeObjectFieldStart("toolResult");
        gen.writeStringField("toolUseId", result.toolCallId());
        gen.writeArrayFieldStart("content");
        boolean wrote = false;
        for (ContentPart part : result.content()) {
            if (part instanceof Text || part instanceof Image) {
                writePart(gen, part);
                wrote = true;
            }
        }
        if (!wrote) {
            // a result block needs content; an empty text says "no output"
            gen.writeStartObject();
            gen.writeStringField("text", "");
            gen.writeEndObject();
        }
        gen.writeEndArray();
        if (result.isError()) {
            gen.writeStringField("status", "error");
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    /**
     * A reasoning block Converse signed goes back as it came (ReasoningContentBlock); one of another format, or
     * unsigned, cannot be verified by the model, so its text goes as plain text, as docs/translation.md "Signatures"
     * says.
     */
    private static void writeThinking(JsonGenerator gen, Thinking thinking) throws IOException {
        if (thinking.signedBy() != ApiFormat.BEDROCK_CONVERSE) {
            writePart(gen, new Text(thinking.text()));
            return;
        }
        gen.writeStartObject();
        gen.writeObjectFieldStart("reasoningContent");
        if (thinking.redactedData() != null) {
            gen.writeStringField("redactedContent", thinking.redactedData());
        } else {
            gen.writeObjectFieldStart("reasoningText");
            gen.writeStringField("text", thinking.text());
            if (thinking.signature() != null) {
                gen.writeStringField("signature", thinking.signature());
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writeSystem(JsonGenerator gen, List<Message> messages) throws IOException {
        boolean open = false;
        for (Message message : messages) {
            if (message.role() != Role.SYSTEM || message.text().isEmpty()) {
                continue;
            }
            if (!open) {
                gen.writeArrayFieldStart("system");
                open = true;
            }
            gen.writeStartObject();
            gen.writeStringField("text", message.text());
            gen.writeEndObject();
        }
        if (open) {
            gen.writeEndArray();
        }
    }

    private static void writeInferenceConfig(JsonGenerator gen, ChatRequest request) throws IOException {
        if (request.maxOutputTokens() == null && request.temperature() == null && request.topP() == null
                && request.stopSequences().isEmpty()) {
            return;
        }
        gen.writeObjectFieldStart("inferenceConfig");
        if (request.maxOutputTokens() != null) {
            gen.writeNumberField("maxTokens", request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            gen.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            gen.writeNumberField("topP", request.topP());
        }
        if (!request.stopSequences().isEmpty()) {
            gen.writeArrayFieldStart("stopSequences");
            for (String stop : request.stopSequences()) {
                gen.writeString(stop);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    /**
     * {@code toolConfig} (ToolConfiguration): each tool's {@code toolSpec} with its JSON Schema in
     * {@code inputSchema.json}; the choice as {@code auto}, {@code any} or {@code tool}. Converse has no "none": the
     * tools stay (a conversation that used them needs them declared) and no choice is sent.
     */
    private static void writeToolConfig(JsonGenerator gen, List<ToolSpec> tools, ToolChoice choice)
            throws IOException {
        gen.writeObjectFieldStart("toolConfig");
        gen.writeArrayFieldStart("tools");
        for (ToolSpec tool : tools) {
            gen.writeStartObject();
            gen.writeObjectFieldStart("toolSpec");
            gen.writeStringField("name", tool.name());
            if (tool.description() != null && !tool.description().isEmpty()) {
                gen.writeStringField("description", tool.description());
            }
            gen.writeObjectFieldStart("inputSchema");
            gen.writeFieldName("json");
            gen.writeRawValue(tool.parametersJson());
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeEndObject();
        }
        gen.writeEndArray();
        if (choice != null && !(choice instanceof ToolChoice.None)) {
            gen.writeObjectFieldStart("toolChoice");
            switch (choice) {
                case ToolChoice.Auto ignored -> gen.writeObjectFieldStart("auto");
                case ToolChoice.Required ignored -> gen.writeObjectFieldStart("any");
                case ToolChoice.Named named -> {
                    gen.writeObjectFieldStart("tool");
                    gen.writeStringField("name", named.name());
                }
                case ToolChoice.None ignored -> throw new IllegalStateException("none is never written");
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }
}
