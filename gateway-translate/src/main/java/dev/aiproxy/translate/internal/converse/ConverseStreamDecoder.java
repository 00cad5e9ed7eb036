package dev.aiproxy.translate.internal.converse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
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
 * Turns ConverseStream's events (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html:
 * {@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta}, {@code contentBlockStop},
 * {@code messageStop}, {@code metadata}), each an event named for its type with its JSON as data, into canonical
 * events. A text or reasoning block has no start event: its first delta opens it. The usage comes in
 * {@code metadata}, after {@code messageStop}, so the canonical end waits for it; a stream that ends after
 * {@code messageStop} without it ends with the counts it has. A stream that ends before {@code messageStop} is cut
 * short, and an exception event ({@code modelStreamErrorException}, ...) fails it.
 */
final class ConverseStreamDecoder implements StreamDecoder {
    private enum Kind { TEXT, TOOL, THINKING }

    private boolean started;
    private boolean finished;
    private final Map<Integer, Kind> open = new TreeMap<>();
    private final Set<Integer> seen = new HashSet<>();
    private StopReason stopReason;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) {
            return List.of();
        }
        String type = event.event() == null ? "" : event.event();
        JsonNode data;
        try {
            data = Json.parse(event.data());
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable stream event");
        }
        if (ConverseErrors.isException(type)) {
            throw ConverseErrors.midStream(type, data);
        }
        try {
            Fields.requireObject(data, "");
            if (!started && !type.equals("messageStart")) {
                throw UpstreamException.badGateway("upstream sent '" + type + "' before 'messageStart'", null);
            }
            return switch (type) {
                case "messageStart" -> messageStart();
                case "contentBlockStart" -> blockStart(data);
                case "contentBlockDelta" -> blockDelta(data);
                case "contentBlockStop" -> blockStop(data);
                case "messageStop" -> {
                    stopReason = ConverseUsage.stopReason(Fields.text(data, "stopReason", ""));
                    yield List.of();
                }
                case "metadata" -> {
                    if (stopReason == null) {
                        throw UpstreamException.badGateway("upstream sent 'metadata' before 'messageStop'", null);
                    }
                    yield end(ConverseUsage.decode(Fields.object(data, "usage", ""), "usage"));
                }
                // an event type added later carries nothing this codec knows
                default -> List.of();
            };
        } catch (JsonShapeException e) {
            throw e.upstreamError("a malformed '" + type + "' event");
        }
    }

    private List<StreamEvent> messageStart() {
        if (started) {
            throw UpstreamException.badGateway("upstream sent a second 'messageStart'", null);
        }
        started = true;
        return List.of(new StreamEvent.MessageStart(Ids.next("msg_"), "", Usage.ZERO));
    }

    private List<StreamEvent> blockStart(JsonNode data) {
        int index = index(data);
        JsonNode toolUse = Fields.object(Fields.requireObject(data, "start", ""), "toolUse", "start");
        if (toolUse == null) {
            return List.of();
        }
        List<StreamEvent> out = new ArrayList<>(1);
        open(out, index, Kind.TOOL, new ToolCall(Fields.requireText(toolUse, "toolUseId", "start.toolUse"),
                Fields.requireText(toolUse, "name", "start.toolUse"), ""));
        return out;
    }

    private List<StreamEvent> blockDelta(JsonNode data) {
        int index = index(data);
        JsonNode delta = Fields.requireObject(data, "delta", "");
        List<StreamEvent> out = new ArrayList<>(2);
        String text = Fields.text(delta, "text", "delta");
        if (text != null) {
            ensureOpen(out, index, Kind.TEXT, new Text(""));
            if (!text.isEmpty()) {
                out.add(new StreamEvent.TextDelta(index, text));
            }
            return out;
        }
        JsonNode toolUse = Fields.object(delta, "toolUse", "delta");
        if (toolUse != null) {
            if (open.get(index) != Kind.TOOL) {
                throw UpstreamException.badGateway("upstream sent tool input for block " + index
                        + ", which is not an open tool use", null);
            }
            String json = Fields.requireText(toolUse, "input", "delta.toolUse");
            if (!json.isEmpty()) {
                out.add(new StreamEvent.ToolArgumentsDelta(index, json));
            }
            return out;
        }
        JsonNode reasoning = Fields.object(delta, "reasoningContent", "delta");
        if (reasoning != null) {
            String redacted = Fields.text(reasoning, "redactedContent", "delta.reasoningContent");
            ensureOpen(out, index, Kind.THINKING, new Thinking("", null, redacted, ApiFormat.BEDROCK_CONVERSE));
            String thought = Fields.text(reasoning, "text", "delta.reasoningContent");
            if (thought != null && !thought.isEmpty()) {
                out.add(new StreamEvent.ThinkingDelta(index, thought));
            }
            String signature = Fields.text(reasoning, "signature", "delta.reasoningContent");
            if (signature != null && !signature.isEmpty()) {
                out.add(new StreamEvent.SignatureDelta(index, signature));
            }
        }
        return out;
    }

    private void ensureOpen(List<StreamEvent> out, int index, Kind kind, ContentPart part) {
        Kind current = open.get(index);
        if (current == null) {
            open(out, index, kind, part);
        } else if (current != kind) {
            throw UpstreamException.badGateway("upstream sent a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " delta for block " + index + ", which is a " + current.name().toLowerCase(java.util.Locale.ROOT)
                    + " block", null);
        }
    }

    private void open(List<StreamEvent> out, int index, Kind kind, ContentPart part) {
        if (!seen.add(index)) {
            throw UpstreamException.badGateway("upstream started block " + index + " twice", null);
        }
        open.put(index, kind);
        out.add(new StreamEvent.BlockStart(index, part));
    }

    private List<StreamEvent> blockStop(JsonNode data) {
        int index = index(data);
        // a block that had no delta was never opened: nothing to close
        return open.remove(index) == null ? List.of() : List.of(new StreamEvent.BlockStop(index));
    }

    private static int index(JsonNode data) {
        Integer index = Fields.integer(data, "contentBlockIndex", "");
        if (index == null || index < 0) {
            throw new JsonShapeException("contentBlockIndex", "required non-negative integer is missing");
        }
        return index;
    }

    private List<StreamEvent> end(Usage usage) {
        List<StreamEvent> out = new ArrayList<>(open.size() + 2);
        for (int index : open.keySet()) {
            out.add(new StreamEvent.BlockStop(index));
        }
        open.clear();
        out.add(new StreamEvent.MessageDelta(stopReason, usage));
        out.add(new StreamEvent.MessageStop());
        finished = true;
        return out;
    }

    @Override
    public List<StreamEvent> finish() {
        if (!started) {
            throw UpstreamException.badGateway("upstream stream ended before 'messageStart'", null);
        }
        if (finished) {
            return List.of();
        }
        if (stopReason == null) {
            throw UpstreamException.cutShort("'messageStop'");
        }
        return end(Usage.ZERO);
    }
}
