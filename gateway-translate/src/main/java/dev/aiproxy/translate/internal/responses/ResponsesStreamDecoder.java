package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
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
 * Turns Responses streaming events into canonical events. Each content part of a message item, each function call and
 * each reasoning item is one canonical block, opened by its {@code .added} event (or its first delta) and closed by its
 * {@code .done} event. When an upstream sends an item only whole, in its {@code .done} event or only in
 * {@code response.completed}, the block is built from that. Events it has no use for are ignored.
 */
final class ResponsesStreamDecoder implements StreamDecoder {
    /** A canonical block: {@code content} is -1 for items that are one block (calls, reasoning). */
    private record Key(int output, int content) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return output != o.output ? Integer.compare(output, o.output) : Integer.compare(content, o.content);
        }
    }

    private static final class Block {
        final int index;
        boolean hasData;
        int summaryIndex = -1;

        Block(int index) {
            this.index = index;
        }
    }

    private final Map<Key, Block> open = new TreeMap<>();
    /** Every block ever opened, so a {@code .done} event never repeats what deltas already said. */
    private final Set<Key> seen = new HashSet<>();
    private boolean started;
    private boolean finished;
    private boolean anyBlock;
    private boolean toolCalls;
    private int nextBlock;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished || event.data().equals("[DONE]")) {
            return List.of();
        }
        try {
            JsonNode data = Fields.requireObject(Json.parse(event.data()), "");
            String type = Fields.text(data, "type", "");
            List<StreamEvent> out = new ArrayList<>(3);
            dispatch(type != null ? type : String.valueOf(event.event()), data, out);
            return out;
        } catch (JsonShapeException e) {
            throw UpstreamException.badGateway("upstream sent a malformed stream event: " + e.getMessage(), e);
        }
    }

    private void dispatch(String type, JsonNode data, List<StreamEvent> out) {
        switch (type) {
            case "response.created", "response.in_progress", "response.queued" ->
                    start(Fields.object(data, "response", ""), out);
            case "response.output_item.added" -> itemAdded(data, out);
            case "response.content_part.added" -> contentPart(data, out, false);
            case "response.output_text.delta", "response.refusal.delta" -> textDelta(data, out);
            case "response.content_part.done" -> contentPart(data, out, true);
            case "response.function_call_arguments.delta" -> argumentsDelta(data, out);
            case "response.function_call_arguments.done" -> argumentsDone(data, out);
            case "response.reasoning_summary_text.delta" -> thinkingDelta(data, "summary_index", out);
            case "response.reasoning_text.delta" -> thinkingDelta(data, "content_index", out);
            case "response.output_item.done" -> itemDone(data, out);
            case "response.completed", "response.incomplete" -> complete(Fields.requireObject(data, "response", ""),
                    out);
            case "response.failed" -> throw ResponsesResponseCodec.failed(
                    Fields.object(Fields.requireObject(data, "response", ""), "error", "response"));
            case "error" -> throw streamError(data);
            default -> { }
        }
    }

    private void start(JsonNode response, List<StreamEvent> out) {
        if (started) {
            return;
        }
        started = true;
        String id = response == null ? null : Fields.text(response, "id", "response");
        String model = response == null ? null : Fields.text(response, "model", "response");
        out.add(new StreamEvent.MessageStart(id != null ? id : Ids.next("resp_"), model != null ? model : "",
                Usage.ZERO));
    }

    private void itemAdded(JsonNode data, List<StreamEvent> out) {
        start(null, out);
        int output = outputIndex(data);
        JsonNode item = Fields.requireObject(data, "item", "");
        String type = Fields.requireText(item, "type", "item");
        switch (type) {
            case "function_call" -> {
                ToolCall call = ResponsesOutputDecoder.functionCall(item, "item");
                Block block = open(new Key(output, -1), new ToolCall(call.id(), call.name(), ""), out);
                String arguments = Fields.text(item, "arguments", "item");
                if (arguments != null && !arguments.isEmpty()) {
                    block.hasData = true;
                    out.add(new StreamEvent.ToolArgumentsDelta(block.index, arguments));
                }
            }
            case "reasoning" -> open(new Key(output, -1), reasoningStart(), out);
            default -> { }
        }
    }

    private void contentPart(JsonNode data, List<StreamEvent> out, boolean done) {
        JsonNode part = Fields.requireObject(data, "part", "");
        String text = ResponsesOutputDecoder.contentText(part, "part");
        if (text == null) {
            return;
        }
        Key key = new Key(outputIndex(data), contentIndex(data));
        Block block = textBlock(key, out);
        if (!block.hasData && !text.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.TextDelta(block.index, text));
        }
        if (done) {
            close(key, out);
        }
    }

    private void textDelta(JsonNode data, List<StreamEvent> out) {
        String delta = Fields.requireText(data, "delta", "");
        Block block = textBlock(new Key(outputIndex(data), contentIndex(data)), out);
        if (!delta.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.TextDelta(block.index, delta));
        }
    }

    private void argumentsDelta(JsonNode data, List<StreamEvent> out) {
        String delta = Fields.requireText(data, "delta", "");
        Block block = open.get(new Key(outputIndex(data), -1));
        if (block == null) {
            throw new JsonShapeException("", "function call arguments for output " + outputIndex(data)
                    + " before its response.output_item.added");
        }
        if (!delta.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.ToolArgumentsDelta(block.index, delta));
        }
    }

    private void argumentsDone(JsonNode data, List<StreamEvent> out) {
        Block block = open.get(new Key(outputIndex(data), -1));
        String arguments = Fields.text(data, "arguments", "");
        if (block != null && !block.hasData && arguments != null && !arguments.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.ToolArgumentsDelta(block.index, arguments));
        }
    }

    /** Summary parts (or raw reasoning parts) of one item join into one thought, a blank line between parts. */
    private void thinkingDelta(JsonNode data, String partIndexField, List<StreamEvent> out) {
        start(null, out);
        String delta = Fields.requireText(data, "delta", "");
        Key key = new Key(outputIndex(data), -1);
        Block block = open.get(key);
        if (block == null) {
            block = open(key, reasoningStart(), out);
        }
        Integer part = Fields.integer(data, partIndexField, "");
        int partIndex = part == null ? 0 : part;
        if (delta.isEmpty()) {
            return;
        }
        String text = block.hasData && partIndex != block.summaryIndex ? "\n\n" + delta : delta;
        block.summaryIndex = partIndex;
        block.hasData = true;
        out.add(new StreamEvent.ThinkingDelta(block.index, text));
    }

    /** Closes the item's blocks, first filling in from the finished item whatever no delta carried. */
    private void itemDone(JsonNode data, List<StreamEvent> out) {
        start(null, out);
        int output = outputIndex(data);
        JsonNode item = Fields.requireObject(data, "item", "");
        String type = Fields.requireText(item, "type", "item");
        Key key = new Key(output, -1);
        switch (type) {
            case "function_call" -> {
                Block block = open.get(key);
                ToolCall call = ResponsesOutputDecoder.functionCall(item, "item");
                if (block == null && !seen.contains(key)) {
                    block = open(key, new ToolCall(call.id(), call.name(), ""), out);
                }
                if (block != null && !block.hasData) {
                    out.add(new StreamEvent.ToolArgumentsDelta(block.index, call.argumentsJson()));
                }
            }
            case "reasoning" -> reasoningDone(key, item, out);
            case "message" -> messageDone(output, item, out);
            default -> { }
        }
        close(key, out);
    }

    private void reasoningDone(Key key, JsonNode item, List<StreamEvent> out) {
        String text = ResponsesOutputDecoder.reasoningText(item, "item");
        String encrypted = Fields.text(item, "encrypted_content", "item");
        Block block = open.get(key);
        if (block == null) {
            if (seen.contains(key) || text.isEmpty() && encrypted == null) {
                return;
            }
            block = open(key, reasoningStart(), out);
        }
        if (!block.hasData && !text.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.ThinkingDelta(block.index, text));
        }
        if (encrypted != null) {
            out.add(new StreamEvent.SignatureDelta(block.index, encrypted));
        }
    }

    private void messageDone(int output, JsonNode item, List<StreamEvent> out) {
        JsonNode content = Fields.requireArray(item, "content", "item");
        for (int i = 0; i < content.size(); i++) {
            Key key = new Key(output, i);
            String text = ResponsesOutputDecoder.contentText(content.get(i), Fields.path("item.content", i));
            if (text != null && !text.isEmpty() && !seen.contains(key)) {
                Block block = textBlock(key, out);
                block.hasData = true;
                out.add(new StreamEvent.TextDelta(block.index, text));
            }
        }
        for (Key key : List.copyOf(open.keySet())) {
            if (key.output() == output) {
                close(key, out);
            }
        }
    }

    private void complete(JsonNode response, List<StreamEvent> out) {
        start(response, out);
        if (!anyBlock) {
            JsonNode output = Fields.array(response, "output", "response");
            if (output != null) {
                ResponsesOutputDecoder.items(output, "response.output").forEach(part -> whole(part, out));
            }
        }
        closeAll(out);
        String status = Fields.text(response, "status", "response");
        JsonNode incomplete = Fields.object(response, "incomplete_details", "response");
        StopReason stop = ResponsesStatus.decode(status, incomplete == null ? null
                : Fields.text(incomplete, "reason", "response.incomplete_details"), toolCalls);
        Usage usage = ResponsesUsage.decode(Fields.object(response, "usage", "response"), "response.usage");
        end(stop != null ? stop : StopReason.END_TURN, usage, out);
    }

    /** A part known only whole, as the canonical events of one block. */
    private void whole(ContentPart part, List<StreamEvent> out) {
        int index = nextBlock;
        List<StreamEvent> deltas = new ArrayList<>(2);
        ContentPart start = switch (part) {
            case Text t -> {
                deltas.add(new StreamEvent.TextDelta(index, t.text()));
                yield new Text("");
            }
            case ToolCall call -> {
                deltas.add(new StreamEvent.ToolArgumentsDelta(index, call.argumentsJson()));
                yield new ToolCall(call.id(), call.name(), "");
            }
            case Thinking thinking -> {
                if (!thinking.text().isEmpty()) {
                    deltas.add(new StreamEvent.ThinkingDelta(index, thinking.text()));
                }
                if (thinking.signature() != null) {
                    deltas.add(new StreamEvent.SignatureDelta(index, thinking.signature()));
                }
                yield reasoningStart();
            }
            // output items never hold these
            case Image ignored -> null;
            case ToolResult ignored -> null;
        };
        if (start != null) {
            nextBlock++;
            anyBlock = true;
            toolCalls |= start instanceof ToolCall;
            out.add(new StreamEvent.BlockStart(index, start));
            out.addAll(deltas);
            out.add(new StreamEvent.BlockStop(index));
        }
    }

    private void end(StopReason stop, Usage usage, List<StreamEvent> out) {
        out.add(new StreamEvent.MessageDelta(stop, usage));
        out.add(new StreamEvent.MessageStop());
        finished = true;
    }

    @Override
    public List<StreamEvent> finish() {
        if (finished) {
            return List.of();
        }
        if (!started) {
            throw UpstreamException.badGateway("upstream stream ended before response.created", null);
        }
        List<StreamEvent> out = new ArrayList<>(3);
        closeAll(out);
        end(toolCalls ? StopReason.TOOL_USE : StopReason.END_TURN, Usage.ZERO, out);
        return out;
    }

    /** A reasoning block: whatever seals it will be Responses' {@code encrypted_content}. */
    private static Thinking reasoningStart() {
        return new Thinking("", null, null, ApiFormat.OPENAI_RESPONSES);
    }

    private Block textBlock(Key key, List<StreamEvent> out) {
        Block block = open.get(key);
        return block != null ? block : open(key, new Text(""), out);
    }

    private Block open(Key key, ContentPart start, List<StreamEvent> out) {
        start(null, out);
        close(key, out);
        Block block = new Block(nextBlock++);
        open.put(key, block);
        seen.add(key);
        anyBlock = true;
        toolCalls |= start instanceof ToolCall;
        out.add(new StreamEvent.BlockStart(block.index, start));
        return block;
    }

    private void close(Key key, List<StreamEvent> out) {
        Block block = open.remove(key);
        if (block != null) {
            out.add(new StreamEvent.BlockStop(block.index));
        }
    }

    private void closeAll(List<StreamEvent> out) {
        for (Key key : List.copyOf(open.keySet())) {
            close(key, out);
        }
    }

    private static int outputIndex(JsonNode data) {
        Integer index = Fields.integer(data, "output_index", "");
        if (index == null) {
            throw new JsonShapeException("output_index", "required integer is missing");
        }
        return index;
    }

    private static int contentIndex(JsonNode data) {
        Integer index = Fields.integer(data, "content_index", "");
        return index == null ? 0 : index;
    }

    private static UpstreamException streamError(JsonNode data) {
        JsonNode nested = Fields.object(data, "error", "");
        JsonNode error = nested != null ? nested : data;
        String message = Fields.text(error, "message", nested != null ? "error" : "");
        String code = Fields.text(error, "code", nested != null ? "error" : "");
        return new UpstreamException(502, ErrorType.UPSTREAM, "upstream stream failed: "
                + (message != null ? message : "no message given"), code, 200, false, null, null);
    }
}
