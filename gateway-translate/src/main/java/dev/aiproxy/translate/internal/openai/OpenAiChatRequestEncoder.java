package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.ResponseFormat;
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
import java.util.Map;

/** Writes a canonical request as an OpenAI Chat Completions request. */
final class OpenAiChatRequestEncoder {
    private OpenAiChatRequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("model", upstreamModel);
            gen.writeArrayFieldStart("messages");
            for (Message message : request.messages()) {
                writeMessage(gen, message);
            }
            gen.writeEndArray();
            if (!request.tools().isEmpty()) {
                writeTools(gen, request.tools());
            }
            if (request.toolChoice() != null) {
                writeToolChoice(gen, request.toolChoice());
            }
            if (request.parallelToolCalls() != null) {
                gen.writeBooleanField("parallel_tool_calls", request.parallelToolCalls());
            }
            if (request.responseFormat() != null) {
                writeResponseFormat(gen, request.responseFormat());
            }
            if (request.reasoning() != null) {
                String effort = OpenAiReasoningEffort.of(request.reasoning());
                if (effort != null) {
                    gen.writeStringField("reasoning_effort", effort);
                }
            }
            if (request.temperature() != null) {
                gen.writeNumberField("temperature", request.temperature());
            }
            if (request.topP() != null) {
                gen.writeNumberField("top_p", request.topP());
            }
            if (request.maxOutputTokens() != null) {
                gen.writeNumberField("max_tokens", request.maxOutputTokens());
            }
            if (!request.stopSequences().isEmpty()) {
                gen.writeArrayFieldStart("stop");
                for (String s : request.stopSequences()) {
                    gen.writeString(s);
                }
                gen.writeEndArray();
            }
            if (request.stream()) {
                gen.writeBooleanField("stream", true);
                // always ask for usage: the gateway accounts every request, whatever the client asked
                gen.writeObjectFieldStart("stream_options");
                gen.writeBooleanField("include_usage", true);
                gen.writeEndObject();
            }
            for (Map.Entry<String, String> e : request.extensions().family("openai").entrySet()) {
                if (!e.getKey().equals("stream_options")) {
                    gen.writeFieldName(e.getKey());
                    gen.writeRawValue(e.getValue());
                }
            }
            gen.writeEndObject();
        });
    }

    private static void writeMessage(JsonGenerator gen, Message message) throws IOException {
        switch (message.role()) {
            case SYSTEM -> {
                gen.writeStartObject();
                gen.writeStringField("role", message.extensions().get("openai.role").isPresent() ? "developer" : "system");
                writeContent(gen, message.content());
                writeMessageExtensions(gen, message);
                gen.writeEndObject();
            }
            case USER, TOOL -> writeUserOrTool(gen, message);
            case ASSISTANT -> writeAssistant(gen, message);
        }
    }

    /** Tool results become {@code tool} messages, first, as OpenAI wants them right after the assistant's calls. */
    private static void writeUserOrTool(JsonGenerator gen, Message message) throws IOException {
        List<ContentPart> rest = new ArrayList<>();
        for (ContentPart part : message.content()) {
            if (part instanceof ToolResult result) {
                gen.writeStartObject();
                gen.writeStringField("role", "tool");
                gen.writeStringField("tool_call_id", result.toolCallId());
                String text = result.text();
                gen.writeStringField("content", result.isError() && !text.startsWith("Error") ? "Error: " + text : text);
                gen.writeEndObject();
            } else {
                rest.add(part);
            }
        }
        if (!rest.isEmpty()) {
            gen.writeStartObject();
            gen.writeStringField("role", "user");
            writeContent(gen, rest);
            writeMessageExtensions(gen, message);
            gen.writeEndObject();
        }
    }

    private static void writeAssistant(JsonGenerator gen, Message message) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("role", "assistant");
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentPart part : message.content()) {
            switch (part) {
                case Text t -> text.append(t.text());
                case ToolCall call -> calls.add(call);
                // OpenAI cannot take reasoning back: thinking blocks are dropped (docs/translation.md)
                case Thinking ignored -> { }
                case Image ignored -> { }
                case ToolResult ignored -> { }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            gen.writeNullField("content");
        } else {
            gen.writeStringField("content", text.toString());
        }
        OpenAiToolCalls.writeField(gen, calls, false);
        writeMessageExtensions(gen, message);
        gen.writeEndObject();
    }

    private static void writeContent(JsonGenerator gen, List<ContentPart> parts) throws IOException {
        boolean textOnly = parts.stream().allMatch(Text.class::isInstance);
        if (textOnly) {
            StringBuilder sb = new StringBuilder();
            for (ContentPart part : parts) {
                sb.append(((Text) part).text());
            }
            gen.writeStringField("content", sb.toString());
            return;
        }
        gen.writeArrayFieldStart("content");
        for (ContentPart part : parts) {
            switch (part) {
                case Text t -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "text");
                    gen.writeStringField("text", t.text());
                    gen.writeEndObject();
                }
                case Image image -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "image_url");
                    gen.writeObjectFieldStart("image_url");
                    gen.writeStringField("url", DataUrls.url(image));
                    if (image.detail() != null) {
                        gen.writeStringField("detail", image.detail());
                    }
                    gen.writeEndObject();
                    gen.writeEndObject();
                }
                case Thinking ignored -> { }
                case ToolCall ignored -> { }
                case ToolResult ignored -> { }
            }
        }
        gen.writeEndArray();
    }

    private static void writeMessageExtensions(JsonGenerator gen, Message message) throws IOException {
        for (Map.Entry<String, String> e : message.extensions().family("openai").entrySet()) {
            if (!e.getKey().equals("role")) {
                gen.writeFieldName(e.getKey());
                gen.writeRawValue(e.getValue());
            }
        }
    }

    private static void writeTools(JsonGenerator gen, List<ToolSpec> tools) throws IOException {
        gen.writeArrayFieldStart("tools");
        for (ToolSpec tool : tools) {
            gen.writeStartObject();
            gen.writeStringField("type", "function");
            gen.writeObjectFieldStart("function");
            gen.writeStringField("name", tool.name());
            if (tool.description() != null) {
                gen.writeStringField("description", tool.description());
            }
            gen.writeFieldName("parameters");
            gen.writeRawValue(tool.parametersJson());
            if (tool.strict() != null) {
                gen.writeBooleanField("strict", tool.strict());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeToolChoice(JsonGenerator gen, ToolChoice choice) throws IOException {
        if (!OpenAiToolChoice.writeKeyword(gen, choice) && choice instanceof ToolChoice.Named named) {
            gen.writeObjectFieldStart("tool_choice");
            gen.writeStringField("type", "function");
            gen.writeObjectFieldStart("function");
            gen.writeStringField("name", named.name());
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    private static void writeResponseFormat(JsonGenerator gen, ResponseFormat format) throws IOException {
        gen.writeObjectFieldStart("response_format");
        switch (format) {
            case ResponseFormat.PlainText ignored -> gen.writeStringField("type", "text");
            case ResponseFormat.JsonObject ignored -> gen.writeStringField("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                gen.writeStringField("type", "json_schema");
                gen.writeObjectFieldStart("json_schema");
                gen.writeStringField("name", schema.name() != null ? schema.name() : "response");
                gen.writeFieldName("schema");
                gen.writeRawValue(schema.schemaJson());
                if (schema.strict() != null) {
                    gen.writeBooleanField("strict", schema.strict());
                }
                gen.writeEndObject();
            }
        }
        gen.writeEndObject();
    }
}
