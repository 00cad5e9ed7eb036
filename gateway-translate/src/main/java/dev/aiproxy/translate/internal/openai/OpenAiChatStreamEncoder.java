package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonEventBuffer;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.Sse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes canonical events as {@code chat.completion.chunk} events, as OpenAI sends them: a first chunk with the
 * role, content and tool-call deltas, a chunk with the finish reason, the usage chunk (empty {@code choices}) when the
 * client set {@code stream_options.include_usage}, then {@code data: [DONE]}.
 */
final class OpenAiChatStreamEncoder implements StreamEncoder {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private final long created = Instant.now().getEpochSecond();
    private final Map<Integer, Integer> toolIndexOfBlock = new HashMap<>();
    private String id = "chatcmpl-";
    private String model = "";
    private Usage usage = Usage.ZERO;
    private final JsonEventBuffer json = new JsonEventBuffer();

    OpenAiChatStreamEncoder(ChatRequest request) {
        this.includeUsage = includeUsage(request);
    }

    private static boolean includeUsage(ChatRequest request) {
        return request.extensions().get("openai.stream_options").map(json -> {
            try {
                JsonNode node = Json.parse(json).get("include_usage");
                return node != null && node.asBoolean(false);
            } catch (JsonShapeException e) {
                return false;
            }
        }).orElse(false);
    }

    @Override
    public void encode(StreamEvent event, OutputStream out) throws IOException {
        switch (event) {
            case StreamEvent.MessageStart start -> {
                id = OpenAiChatResponseCodec.chatId(start.id());
                model = start.model();
                usage = usage.max(start.usage());
                chunk(out, gen -> {
                    gen.writeStringField("role", "assistant");
                    gen.writeStringField("content", "");
                }, null);
            }
            case StreamEvent.BlockStart start -> {
                if (start.part() instanceof ToolCall call) {
                    int toolIndex = toolIndexOfBlock.size();
                    toolIndexOfBlock.put(start.index(), toolIndex);
                    chunk(out, gen -> {
                        gen.writeArrayFieldStart("tool_calls");
                        OpenAiToolCalls.write(gen, call, toolIndex, true);
                        gen.writeEndArray();
                    }, null);
                }
            }
            case StreamEvent.TextDelta delta -> chunk(out, gen -> gen.writeStringField("content", delta.text()), null);
            case StreamEvent.ThinkingDelta delta ->
                    chunk(out, gen -> gen.writeStringField("reasoning_content", delta.text()), null);
            case StreamEvent.ToolArgumentsDelta delta -> {
                Integer toolIndex = toolIndexOfBlock.get(delta.index());
                if (toolIndex != null) {
                    chunk(out, gen -> {
                        gen.writeArrayFieldStart("tool_calls");
                        gen.writeStartObject();
                        gen.writeNumberField("index", toolIndex);
                        gen.writeObjectFieldStart("function");
                        gen.writeStringField("arguments", delta.json());
                        gen.writeEndObject();
                        gen.writeEndObject();
                        gen.writeEndArray();
                    }, null);
                }
            }
            case StreamEvent.SignatureDelta ignored -> { }
            case StreamEvent.BlockStop ignored -> { }
            case StreamEvent.MessageDelta delta -> {
                usage = usage.max(delta.usage());
                chunk(out, gen -> { }, OpenAiStopReasons.encode(delta.stopReason()));
                if (includeUsage) {
                    Sse.write(out, null, json.fill(gen -> {
                        header(gen);
                        gen.writeArrayFieldStart("choices");
                        gen.writeEndArray();
                        OpenAiUsage.write(gen, usage);
                        gen.writeEndObject();
                    }));
                }
            }
            case StreamEvent.MessageStop ignored -> Sse.write(out, null, DONE);
        }
    }

    @Override
    public void encodeError(GatewayException error, OutputStream out) throws IOException {
        Sse.write(out, null, OpenAiErrors.encode(error));
    }

    private void header(JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", id);
        gen.writeStringField("object", "chat.completion.chunk");
        gen.writeNumberField("created", created);
        gen.writeStringField("model", model);
    }

    private void chunk(OutputStream out, Json.JsonWriter delta, String finishReason) throws IOException {
        Sse.write(out, null, json.fill(gen -> {
            header(gen);
            gen.writeArrayFieldStart("choices");
            gen.writeStartObject();
            gen.writeNumberField("index", 0);
            gen.writeObjectFieldStart("delta");
            delta.write(gen);
            gen.writeEndObject();
            gen.writeNullField("logprobs");
            if (finishReason == null) {
                gen.writeNullField("finish_reason");
            } else {
                gen.writeStringField("finish_reason", finishReason);
            }
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        }));
    }
}
