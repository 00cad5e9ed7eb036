package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns Anthropic's stream events (https://docs.anthropic.com/en/docs/build-with-claude/streaming) into canonical
 * events. Block indices carry over unchanged. Anthropic may send several {@code message_delta} events, with cumulative
 * usage, so the one canonical {@code MessageDelta} is emitted with {@code message_stop}. Blocks of types the canonical
 * model has no part for ({@code server_tool_use}, ...) are skipped with their deltas.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
    private enum Kind { TEXT, TOOL, THINKING }

    private boolean started;
    private boolean finished;
    private final Map<Integer, Kind> open = new TreeMap<>();
    private final Set<Integer> seen = new HashSet<>();
    private final Set<Integer> skipped = new HashSet<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) {
            return List.of();
        }
        if (started) {
            AnthropicTextDeltas.TextDelta text = AnthropicTextDeltas.read(event.data());
            if (text != null) {
                return textDelta(text.index(), text.text());
            }
        }
        JsonNode data;
        try {
            data = Fields.requireObject(Json.parse(event.data()), "");
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable stream event");
        }
        try {
            String type = Fields.text(data, "type", "");
            type = type != null ? type : event.event() != null ? event.event() : "";
            return event(type, data);
        } catch (JsonShapeException e) {
            throw e.upstreamError("a malformed stream event");
        }
    }

    private List<StreamEvent> event(String type, JsonNode data) {
        if (type.equals("error")) {
            throw error(data);
        }
        if (type.equals("ping")) {
            return List.of();
        }
        if (!started && !type.equals("message_start")) {
            throw UpstreamException.badGateway("upstream sent '" + type + "' before 'message_start'", null);
        }
        return switch (type) {
            case "message_start" -> messageStart(data);
            case "content_block_start" -> blockStart(data);
            case "content_block_delta" -> blockDelta(data);
            case "content_block_stop" -> blockStop(data);
            case "message_delta" -> {
                JsonNode delta = Fields.object(data, "delta", "");
                String reason = delta == null ? null : Fields.text(delta, "stop_reason", "delta");
                if (reason != null) {
                    stopReason = AnthropicStopReasons.decode(reason);
                }
                usage = usage.max(AnthropicUsage.decode(Fields.object(data, "usage", ""), "usage"));
                yield List.of();
            }
            case "message_stop" -> end();
            // new event types are additions to the protocol: skipped, as Anthropic's versioning policy asks
            default -> List.of();
        };
    }

    private List<StreamEvent> messageStart(JsonNode data) {
        if (started) {
            throw UpstreamException.badGateway("upstream sent a second 'message_start'", null);
        }
        started = true;
        JsonNode message = Fields.requireObject(data, "message", "");
        String id = Fields.text(message, "id", "message");
        String model = Fields.text(message, "model", "message");
        usage = AnthropicUsage.decode(Fields.object(message, "usage", "message"), "message.usage");
        return List.of(new StreamEvent.MessageStart(id != null ? id : Ids.next("msg_"), model != null ? model : "",
                usage));
    }

    private List<StreamEvent> blockStart(JsonNode data) {
        int index = index(data);
        if (!seen.add(index)) {
            throw UpstreamException.badGateway("upstream started block " + index + " twice", null);
        }
        JsonNode block = Fields.requireObject(data, "content_block", "");
        String path = "content_block";
        List<StreamEvent> out = new ArrayList<>(2);
        switch (Fields.requireText(block, "type", path)) {
            case "text" -> {
                start(out, index, Kind.TEXT, new Text(""));
                String text = Fields.text(block, "text", path);
                if (text != null && !text.isEmpty()) {
                    out.add(new StreamEvent.TextDelta(index, text));
                }
            }
            case "tool_use" -> {
                start(out, index, Kind.TOOL, new ToolCall(Fields.requireText(block, "id", path),
                        Fields.requireText(block, "name", path), ""));
                JsonNode input = Fields.object(block, "input", path);
                if (input != null && !input.isEmpty()) {
                    out.add(new StreamEvent.ToolArgumentsDelta(index, Json.toText(input)));
                }
            }
            case "thinking" -> {
                start(out, index, Kind.THINKING, new Thinking("", null, null, ApiFormat.ANTHROPIC_MESSAGES));
                String text = Fields.text(block, "thinking", path);
                if (text != null && !text.isEmpty()) {
                    out.add(new StreamEvent.ThinkingDelta(index, text));
                }
                String signature = Fields.text(block, "signature", path);
                if (signature != null && !signature.isEmpty()) {
                    out.add(new StreamEvent.SignatureDelta(index, signature));
                }
            }
            case "redacted_thinking" -> start(out, index, Kind.THINKING,
                    new Thinking("", null, Fields.requireText(block, "data", path), ApiFormat.ANTHROPIC_MESSAGES));
            default -> skipped.add(index);
        }
        return out;
    }

    private void start(List<StreamEvent> out, int index, Kind kind, ContentPart part) {
        open.put(index, kind);
        out.add(new StreamEvent.BlockStart(index, part));
    }

    private List<StreamEvent> blockDelta(JsonNode data) {
        int index = index(data);
        if (skipped.contains(index)) {
            return List.of();
        }
        Kind kind = requireOpen(index, "content_block_delta");
        JsonNode delta = Fields.requireObject(data, "delta", "");
        String type = Fields.requireText(delta, "type", "delta");
        return switch (type) {
            case "text_delta" -> textDelta(kind, index, Fields.requireText(delta, "text", "delta"));
            case "input_json_delta" -> {
                // the first fragment is often empty: nothing to pass on
                String json = Fields.requireText(delta, "partial_json", "delta");
                yield delta(kind, Kind.TOOL, index, type, json.isEmpty() ? null
                        : new StreamEvent.ToolArgumentsDelta(index, json));
            }
            case "thinking_delta" -> delta(kind, Kind.THINKING, index, type,
                    new StreamEvent.ThinkingDelta(index, Fields.requireText(delta, "thinking", "delta")));
            case "signature_delta" -> delta(kind, Kind.THINKING, index, type,
                    new StreamEvent.SignatureDelta(index, Fields.requireText(delta, "signature", "delta")));
            // citations_delta and later additions carry nothing the canonical model holds
            default -> List.of();
        };
    }

    /** A text delta read without a tree ({@link AnthropicTextDeltas}): the same checks as {@link #blockDelta}. */
    private List<StreamEvent> textDelta(int index, String text) {
        if (skipped.contains(index)) {
            return List.of();
        }
        return textDelta(requireOpen(index, "content_block_delta"), index, text);
    }

    private static List<StreamEvent> textDelta(Kind kind, int index, String text) {
        return delta(kind, Kind.TEXT, index, "text_delta", text.isEmpty() ? null : new StreamEvent.TextDelta(index, text));
    }

    private static List<StreamEvent> delta(Kind actual, Kind expected, int index, String type, StreamEvent event) {
        if (actual != expected) {
            throw UpstreamException.badGateway("upstream sent a '" + type + "' for block " + index + ", which is not "
                    + "a " + actual.name().toLowerCase(java.util.Locale.ROOT) + " block", null);
        }
        return event == null ? List.of() : List.of(event);
    }

    private List<StreamEvent> blockStop(JsonNode data) {
        int index = index(data);
        if (skipped.contains(index)) {
            return List.of();
        }
        requireOpen(index, "content_block_stop");
        open.remove(index);
        return List.of(new StreamEvent.BlockStop(index));
    }

    private Kind requireOpen(int index, String type) {
        Kind kind = open.get(index);
        if (kind == null) {
            throw UpstreamException.badGateway("upstream sent '" + type + "' for block " + index
                    + ", which is not open", null);
        }
        return kind;
    }

    private static int index(JsonNode data) {
        Integer index = Fields.integer(data, "index", "");
        if (index == null || index < 0) {
            throw new JsonShapeException("index", "required non-negative integer is missing");
        }
        return index;
    }

    private List<StreamEvent> end() {
        List<StreamEvent> out = new ArrayList<>(open.size() + 2);
        for (int index : open.keySet()) {
            out.add(new StreamEvent.BlockStop(index));
        }
        open.clear();
        out.add(new StreamEvent.MessageDelta(stopReason != null ? stopReason : StopReason.END_TURN, usage));
        out.add(new StreamEvent.MessageStop());
        finished = true;
        return out;
    }

    /** An {@code error} event: the stream has failed after its 200 status line. */
    private static UpstreamException error(JsonNode data) {
        JsonNode error = Fields.field(data, "error");
        String type = error != null && error.isObject() ? Fields.text(error, "type", "error") : null;
        String message = error != null && error.isObject() ? Fields.text(error, "message", "error") : null;
        ErrorType errorType = AnthropicErrors.errorType(type);
        return UpstreamException.midStream(errorType, message != null ? message : Json.toText(data), type,
                errorType == ErrorType.OVERLOADED);
    }

    @Override
    public List<StreamEvent> finish() {
        if (!started) {
            throw UpstreamException.badGateway("upstream stream ended before 'message_start'", null);
        }
        if (finished) {
            return List.of();
        }
        if (stopReason == null) {
            // neither message_stop nor a message_delta's stop_reason: the connection ended, the answer did not
            throw UpstreamException.cutShort("it said why it stopped");
        }
        return end();
    }
}
