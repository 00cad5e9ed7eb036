package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.JsonEventBuffer;
import dev.aiproxy.translate.internal.json.Sse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes canonical events as Anthropic stream events, each with its {@code event:} line, since the Anthropic SDKs skip
 * data-only events: {@code message_start}, per block {@code content_block_start}, deltas and
 * {@code content_block_stop}, then {@code message_delta} and {@code message_stop}. Blocks are numbered 0, 1, 2, ... in
 * the order they start, whatever the canonical indices, because the SDKs place each block at its index. A block is
 * started at most once, and blocks still open when the message ends are closed first, so no delta is lost and no
 * {@code tool_use} appears twice. A stream that starts without {@code MessageStart} still gets a
 * {@code message_start}.
 */
final class AnthropicStreamEncoder implements StreamEncoder {
    private enum Kind { TEXT, TOOL, THINKING, REDACTED }

    /** A block the client has seen start and not stop. */
    private static final class OpenBlock {
        private final int index;
        private final Kind kind;
        private final ApiFormat signedBy;
        private boolean signed;

        OpenBlock(int index, Kind kind, ApiFormat signedBy) {
            this.index = index;
            this.kind = kind;
            this.signedBy = signedBy;
        }
    }

    private final String requestModel;
    private final JsonEventBuffer json = new JsonEventBuffer();
    private final Set<Integer> seen = new HashSet<>();
    /** By canonical index, in the order the blocks started. */
    private final Map<Integer, OpenBlock> open = new LinkedHashMap<>();
    private int nextIndex;
    private boolean started;
    private boolean delta;
    private boolean stopped;
    private Usage usage = Usage.ZERO;

    AnthropicStreamEncoder(ChatRequest request) {
        this.requestModel = request.model();
    }

    @Override
    public void encode(StreamEvent event, OutputStream out) throws IOException {
        if (stopped) {
            return;
        }
        if (!started && !(event instanceof StreamEvent.MessageStart)) {
            messageStart(out, Ids.next("msg_"), requestModel, Usage.ZERO);
        }
        switch (event) {
            case StreamEvent.MessageStart start -> {
                if (!started) {
                    messageStart(out, AnthropicResponseCodec.messageId(start.id()), start.model(), start.usage());
                }
            }
            case StreamEvent.BlockStart start -> blockStart(out, start.index(), start.part());
            case StreamEvent.TextDelta d -> delta(out, d.index(), Kind.TEXT, "text_delta", "text", d.text());
            case StreamEvent.ToolArgumentsDelta d ->
                    delta(out, d.index(), Kind.TOOL, "input_json_delta", "partial_json", d.json());
            case StreamEvent.ThinkingDelta d ->
                    delta(out, d.index(), Kind.THINKING, "thinking_delta", "thinking", d.text());
            case StreamEvent.SignatureDelta d -> signature(out, d);
            case StreamEvent.BlockStop stop -> {
                OpenBlock block = open.remove(stop.index());
                if (block != null) {
                    blockStop(out, block);
                }
            }
            case StreamEvent.MessageDelta d -> messageDelta(out, d.stopReason(), d.usage());
            case StreamEvent.MessageStop ignored -> {
                if (!delta) {
                    messageDelta(out, StopReason.END_TURN, Usage.ZERO);
                }
                Sse.write(out, "message_stop", json.fill(gen -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "message_stop");
                    gen.writeEndObject();
                }));
                stopped = true;
            }
        }
    }

    @Override
    public void encodeError(GatewayException error, OutputStream out) throws IOException {
        Sse.write(out, "error", AnthropicErrors.encode(error));
        stopped = true;
    }

    private void messageStart(OutputStream out, String id, String model, Usage startUsage) throws IOException {
        started = true;
        usage = usage.max(startUsage);
        Sse.write(out, "message_start", json.fill(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "message_start");
            gen.writeObjectFieldStart("message");
            gen.writeStringField("id", id);
            gen.writeStringField("type", "message");
            gen.writeStringField("role", "assistant");
            gen.writeStringField("model", model);
            gen.writeArrayFieldStart("content");
            gen.writeEndArray();
            gen.writeNullField("stop_reason");
            gen.writeNullField("stop_sequence");
            gen.writeObjectFieldStart("usage");
            AnthropicUsage.writeFields(gen, usage);
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeEndObject();
        }));
    }

    private void blockStart(OutputStream out, int canonicalIndex, ContentPart part) throws IOException {
        Kind kind = switch (part) {
            case Text ignored -> Kind.TEXT;
            case ToolCall ignored -> Kind.TOOL;
            case Thinking t -> t.redactedData() != null ? Kind.REDACTED : Kind.THINKING;
            case Image ignored -> null;
            case ToolResult ignored -> null;
        };
        if (!seen.add(canonicalIndex) || kind == null) {
            return;
        }
        OpenBlock block = new OpenBlock(nextIndex++, kind, part instanceof Thinking t ? t.signedBy() : null);
        open.put(canonicalIndex, block);
        Sse.write(out, "content_block_start", json.fill(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "content_block_start");
            gen.writeNumberField("index", block.index);
            gen.writeObjectFieldStart("content_block");
            writeEmptyBlock(gen, part);
            gen.writeEndObject();
            gen.writeEndObject();
        }));
        // a start is meant to carry no content, but what it does carry is passed on, not lost
        switch (part) {
            case Text t -> delta(out, canonicalIndex, Kind.TEXT, "text_delta", "text", t.text());
            case ToolCall call -> delta(out, canonicalIndex, Kind.TOOL, "input_json_delta", "partial_json",
                    call.argumentsJson());
            case Thinking t -> {
                delta(out, canonicalIndex, Kind.THINKING, "thinking_delta", "thinking", t.text());
                if (t.signature() != null) {
                    signature(out, new StreamEvent.SignatureDelta(canonicalIndex, t.signature()));
                }
            }
            case Image ignored -> { }
            case ToolResult ignored -> { }
        }
    }

    /** A block as {@code content_block_start} shows it: empty, its content to come in deltas. */
    private static void writeEmptyBlock(JsonGenerator gen, ContentPart part) throws IOException {
        switch (part) {
            case Text ignored -> {
                gen.writeStringField("type", "text");
                gen.writeStringField("text", "");
            }
            case ToolCall call -> {
                gen.writeStringField("type", "tool_use");
                gen.writeStringField("id", Signatures.toolCallIdForClient(call));
                gen.writeStringField("name", call.name());
                // the input arrives in input_json_delta events, as Anthropic streams it
                gen.writeObjectFieldStart("input");
                gen.writeEndObject();
            }
            case Thinking t -> AnthropicBlocks.writeThinking(gen, t.redactedData() != null ? t : Thinking.of(""), "");
            case Image ignored -> { }
            case ToolResult ignored -> { }
        }
    }

    private void delta(OutputStream out, int canonicalIndex, Kind kind, String type, String field, String value)
            throws IOException {
        OpenBlock block = open.get(canonicalIndex);
        if (block == null || block.kind != kind || value.isEmpty()) {
            return;
        }
        Sse.write(out, "content_block_delta", json.fill(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "content_block_delta");
            gen.writeNumberField("index", block.index);
            gen.writeObjectFieldStart("delta");
            gen.writeStringField("type", type);
            gen.writeStringField(field, value);
            gen.writeEndObject();
            gen.writeEndObject();
        }));
    }

    /** A signature from another provider is shown wrapped (see {@link Signatures}); the wrapper goes on once. */
    private void signature(OutputStream out, StreamEvent.SignatureDelta d) throws IOException {
        OpenBlock block = open.get(d.index());
        if (block == null || block.kind != Kind.THINKING) {
            return;
        }
        String prefix = block.signed ? "" : Signatures.forClient(new Thinking("", "", null, block.signedBy),
                ApiFormat.ANTHROPIC_MESSAGES);
        block.signed = true;
        delta(out, d.index(), Kind.THINKING, "signature_delta", "signature", prefix + d.signature());
    }

    private void blockStop(OutputStream out, OpenBlock block) throws IOException {
        Sse.write(out, "content_block_stop", json.fill(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "content_block_stop");
            gen.writeNumberField("index", block.index);
            gen.writeEndObject();
        }));
    }

    /** Input counts go here too: formats that report usage only at the end (OpenAI) had none for message_start. */
    private void messageDelta(OutputStream out, StopReason stopReason, Usage finalUsage) throws IOException {
        for (OpenBlock block : open.values()) {
            blockStop(out, block);
        }
        open.clear();
        delta = true;
        usage = usage.max(finalUsage);
        Sse.write(out, "message_delta", json.fill(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "message_delta");
            gen.writeObjectFieldStart("delta");
            gen.writeStringField("stop_reason", AnthropicStopReasons.encode(stopReason));
            gen.writeNullField("stop_sequence");
            gen.writeEndObject();
            gen.writeObjectFieldStart("usage");
            AnthropicUsage.writeFields(gen, usage);
            gen.writeEndObject();
            gen.writeEndObject();
        }));
    }
}
