package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.internal.HeldText;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.JsonEventBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes canonical events as Gemini {@code alt=sse} chunks, each a whole {@code GenerateContentResponse}: one chunk per
 * text or thought delta; a function call whole in one chunk when its block ends (the GenAI SDKs never see partial
 * arguments); a thinking block's signature in a chunk of its own, an empty text part as Gemini sends it; and a last
 * chunk with the finish reason and the usage. Nothing marks the end: the stream simply ends.
 */
final class GeminiStreamEncoder implements StreamEncoder {
    /** What Gemini puts after each event; the GenAI SDKs split on it (and also accept a bare blank line). */
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A tool call or thinking block, of which something goes out when it ends. */
    private static final class Pending {
        private final ToolCall call;
        private final Thinking thinking;
        private final StringBuilder text = new StringBuilder();
        private boolean hadText;

        Pending(ToolCall call, Thinking thinking) {
            this.call = call;
            this.thinking = thinking;
            if (call != null) {
                text.append(call.argumentsJson());
            } else if (thinking.signature() != null) {
                text.append(thinking.signature());
            }
        }
    }

    private final Map<Integer, Pending> pending = new HashMap<>();
    private final HeldText held;
    private final JsonEventBuffer json = new JsonEventBuffer();
    private String id = "";
    private String model = "";
    private Usage usage = Usage.ZERO;

    /** @param maxHeldBytes the most text this stream holds to send tool calls and signatures whole */
    GeminiStreamEncoder(long maxHeldBytes) {
        this.held = new HeldText(maxHeldBytes, "a Gemini stream, which sends each tool call whole,");
    }

    @Override
    public void encode(StreamEvent event, OutputStream out) throws IOException {
        switch (event) {
            case StreamEvent.MessageStart start -> {
                id = start.id();
                model = start.model();
                usage = usage.max(start.usage());
            }
            case StreamEvent.BlockStart start -> blockStart(start, out);
            case StreamEvent.TextDelta delta -> {
                if (!delta.text().isEmpty()) {
                    chunk(out, new GeminiPart.TextPart(delta.text(), false, null), null);
                }
            }
            case StreamEvent.ThinkingDelta delta -> thinkingDelta(delta, out);
            case StreamEvent.ToolArgumentsDelta delta -> {
                Pending block = pending.get(delta.index());
                if (block != null && block.call != null) {
                    held.add(delta.json());
                    block.text.append(delta.json());
                }
            }
            case StreamEvent.SignatureDelta delta -> {
                Pending block = pending.get(delta.index());
                if (block != null && block.thinking != null) {
                    held.add(delta.signature());
                    block.text.append(delta.signature());
                }
            }
            case StreamEvent.BlockStop stop -> blockStop(pending.remove(stop.index()), out);
            case StreamEvent.MessageDelta delta -> {
                usage = usage.max(delta.usage());
                chunk(out, new GeminiPart.TextPart("", false, null), GeminiStopReasons.encode(delta.stopReason()));
            }
            case StreamEvent.MessageStop ignored -> { }
        }
    }

    private void blockStart(StreamEvent.BlockStart start, OutputStream out) throws IOException {
        switch (start.part()) {
            case ToolCall call -> pending.put(start.index(), new Pending(call, null));
            case Thinking thinking -> pending.put(start.index(), new Pending(null, thinking));
            case Image image -> chunk(out, new GeminiPart.MediaPart(image), null);
            case Text ignored -> { }
            case ToolResult ignored -> { }
        }
    }

    private void thinkingDelta(StreamEvent.ThinkingDelta delta, OutputStream out) throws IOException {
        if (delta.text().isEmpty()) {
            return;
        }
        Pending block = pending.get(delta.index());
        if (block != null) {
            block.hadText = true;
        }
        chunk(out, new GeminiPart.TextPart(delta.text(), true, null), null);
    }

    private void blockStop(Pending block, OutputStream out) throws IOException {
        if (block == null) {
            return;
        }
        held.release(block.text);
        if (block.call != null) {
            ToolCall call = block.call;
            chunk(out, new GeminiPart.CallPart(new ToolCall(call.id(), call.name(), block.text.toString(),
                    call.signature()), call.signature()), null);
            return;
        }
        if (!block.text.isEmpty()) {
            Thinking thinking = block.thinking;
            String signature = Signatures.forClient(new Thinking(thinking.text(), block.text.toString(),
                    thinking.redactedData(), thinking.signedBy()), ApiFormat.GEMINI);
            // Gemini sends a signature on an empty part; a thought's stays marked as a thought
            chunk(out, new GeminiPart.TextPart("", block.hadText || !thinking.text().isEmpty(), signature), null);
        }
    }

    @Override
    public void encodeError(GatewayException error, OutputStream out) throws IOException {
        frame(out, GeminiErrors.encode(error));
    }

    private void chunk(OutputStream out, GeminiPart part, String finishReason) throws IOException {
        frame(out, json.fill(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("candidates");
            gen.writeStartObject();
            gen.writeObjectFieldStart("content");
            gen.writeStringField("role", "model");
            gen.writeArrayFieldStart("parts");
            GeminiPartWriter.write(gen, part);
            gen.writeEndArray();
            gen.writeEndObject();
            if (finishReason != null) {
                gen.writeStringField("finishReason", finishReason);
            }
            gen.writeNumberField("index", 0);
            gen.writeEndObject();
            gen.writeEndArray();
            if (finishReason != null) {
                GeminiUsage.write(gen, usage);
            }
            gen.writeStringField("modelVersion", model);
            gen.writeStringField("responseId", id);
            gen.writeEndObject();
        }));
    }

    static void frame(OutputStream out, byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END);
    }

    private static void frame(OutputStream out, JsonEventBuffer json) throws IOException {
        out.write(DATA);
        json.writeTo(out);
        out.write(END);
    }
}
