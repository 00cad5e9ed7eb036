package dev.aiproxy.translate.internal.openai;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's {@code chat.completion} object, both ways. */
final class OpenAiChatResponseCodec {
    private OpenAiChatResponseCodec() {
    }

    static ChatResponse decode(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        JsonNode choices = Fields.requireArray(root, "choices", "");
        List<ContentPart> content = new ArrayList<>();
        String finishReason = null;
        if (!choices.isEmpty()) {
            JsonNode choice = Fields.requireObject(choices.get(0), "choices[0]");
            finishReason = Fields.text(choice, "finish_reason", "choices[0]");
            JsonNode message = Fields.requireObject(choice, "message", "choices[0]");
            String path = "choices[0].message";
            String reasoning = Fields.text(message, "reasoning_content", path);
            if (reasoning != null && !reasoning.isEmpty()) {
                content.add(Thinking.of(reasoning));
            }
            String text = Fields.text(message, "content", path);
            if (text != null && !text.isEmpty()) {
                content.add(new Text(text));
            }
            String refusal = Fields.text(message, "refusal", path);
            if (refusal != null && !refusal.isEmpty()) {
                content.add(new Text(refusal));
            }
            JsonNode calls = Fields.array(message, "tool_calls", path);
            if (calls != null) {
                for (int i = 0; i < calls.size(); i++) {
                    String callPath = path(path(path, "tool_calls"), i);
                    JsonNode call = Fields.requireObject(calls.get(i), callPath);
                    JsonNode fn = Fields.requireObject(call, "function", callPath);
                    String args = Fields.text(fn, "arguments", path(callPath, "function"));
                    content.add(new ToolCall(Fields.requireText(call, "id", callPath),
                            Fields.requireText(fn, "name", path(callPath, "function")), args == null ? "{}" : args));
                }
            }
        }
        String id = Fields.text(root, "id", "");
        String model = Fields.text(root, "model", "");
        return new ChatResponse(id != null ? id : Ids.next("chatcmpl-"), model != null ? model : "", content,
                OpenAiStopReasons.decode(finishReason), OpenAiUsage.decode(Fields.object(root, "usage", ""), "usage"),
                Extensions.EMPTY);
    }

    static byte[] encode(ChatResponse response) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("id", chatId(response.id()));
            gen.writeStringField("object", "chat.completion");
            gen.writeNumberField("created", Instant.now().getEpochSecond());
            gen.writeStringField("model", response.model());
            gen.writeArrayFieldStart("choices");
            gen.writeStartObject();
            gen.writeNumberField("index", 0);
            writeMessage(gen, response.content());
            gen.writeNullField("logprobs");
            gen.writeStringField("finish_reason", OpenAiStopReasons.encode(response.stopReason()));
            gen.writeEndObject();
            gen.writeEndArray();
            OpenAiUsage.write(gen, response.usage());
            gen.writeEndObject();
        });
    }

    /** OpenAI clients expect {@code chatcmpl-} ids; another provider's id is kept after the prefix. */
    static String chatId(String id) {
        return id.startsWith("chatcmpl-") ? id : "chatcmpl-" + id;
    }

    private static void writeMessage(JsonGenerator gen, List<ContentPart> content) throws IOException {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentPart part : content) {
            switch (part) {
                case Text t -> text.append(t.text());
                case Thinking thinking -> reasoning.append(thinking.text());
                case ToolCall call -> calls.add(call);
                case Image ignored -> { }
                case ToolResult ignored -> { }
            }
        }
        gen.writeObjectFieldStart("message");
        gen.writeStringField("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            gen.writeNullField("content");
        } else {
            gen.writeStringField("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            // not in OpenAI's schema; the field DeepSeek and others use, ignored by clients that do not know it
            gen.writeStringField("reasoning_content", reasoning.toString());
        }
        gen.writeNullField("refusal");
        OpenAiToolCalls.writeField(gen, calls, true);
        gen.writeEndObject();
    }
}
