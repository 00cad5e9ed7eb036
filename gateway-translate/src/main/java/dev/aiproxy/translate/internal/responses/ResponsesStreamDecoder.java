package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.responses.ResponsesStreamBlocks.Block;
import dev.aiproxy.translate.internal.responses.ResponsesStreamBlocks.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Responses streaming events into canonical events. Each content part of a message item, each function call and
 * each reasoning item is one canonical block, opened by its {@code .added} event (or its first delta) and closed by its
 * {@code .done} event. When an upstream sends an item only whole, in its {@code .done} event or only in
 * {@code response.completed}, the block is built from that. Events it has no use for are ignored.
 */
final class ResponsesStreamDecoder implements StreamDecoder {
    private final ResponsesStreamBlocks blocks = new ResponsesStreamBlocks();
    private boolean started;
    private boolean finished;
    /** A {@code [DONE]} came, which some compatible servers send: an explicit end, unlike a dropped connection. */
    private boolean done;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (event.data().equals("[DONE]")) {
            done = true;
            return List.of();
        }
        if (finished) {
            return List.of();
        }
        try {
            JsonNode data = Fields.requireObject(Json.parse(event.data()), "");
            String type = Fields.text(data, "type", "");
            List<StreamEvent> out = new ArrayList<>(3);
            dispatch(type != null ? type : String.valueOf(event.event()), data, out);
            return out;
        } catch (JsonShapeException e) {
            throw e.upstreamError("a malformed stream event");
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
                Block block = blocks.open(new Key(output, -1), new ToolCall(call.id(), call.name(), ""), out);
                String arguments = Fields.text(item, "arguments", "item");
                if (arguments != null && !arguments.isEmpty()) {
                    block.hasData = true;
                    out.add(new StreamEvent.ToolArgumentsDelta(block.index, arguments));
                }
            }
            case "reasoning" -> blocks.open(new Key(output, -1), ResponsesStreamBlocks.reasoningStart(), out);
            default -> { }
        }
    }

    private void contentPart(JsonNode data, List<StreamEvent> out, boolean done) {
        start(null, out);
        JsonNode part = Fields.requireObject(data, "part", "");
        String text = ResponsesOutputDecoder.contentText(part, "part");
        if (text == null) {
            return;
        }
        Key key = new Key(outputIndex(data), contentIndex(data));
        if (blocks.get(key) == null && blocks.wasOpened(key)) {
            return;
        }
        Block block = blocks.text(key, out);
        if (!block.hasData && !text.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.TextDelta(block.index, text));
        }
        if (done) {
            blocks.close(key, out);
        }
    }

    private void textDelta(JsonNode data, List<StreamEvent> out) {
        start(null, out);
        String delta = Fields.requireText(data, "delta", "");
        Block block = blocks.text(new Key(outputIndex(data), contentIndex(data)), out);
        if (!delta.isEmpty()) {
            block.hasData = true;
            out.add(new StreamEvent.TextDelta(block.index, delta));
        }
    }

    private void argumentsDelta(JsonNode data, List<StreamEvent> out) {
        String delta = Fields.requireText(data, "delta", "");
        Block block = blocks.get(new Key(outputIndex(data), -1));
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
        Block block = blocks.get(new Key(outputIndex(data), -1));
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
        Block block = blocks.get(key);
        if (block == null) {
            block = blocks.open(key, ResponsesStreamBlocks.reasoningStart(), out);
        }
        Integer part = Fields.integer(data, partIndexField, "");
        int partIndex = part == null ? 0 : part;
        if (delta.isEmpty()) {
            return;
        }
        String text = block.hasData && partIndex != block.partIndex ? "\n\n" + delta : delta;
        block.partIndex = partIndex;
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
                Block block = blocks.get(key);
                ToolCall call = ResponsesOutputDecoder.functionCall(item, "item");
                if (block == null && !blocks.wasOpened(key)) {
                    block = blocks.open(key, new ToolCall(call.id(), call.name(), ""), out);
                }
                if (block != null && !block.hasData) {
                    out.add(new StreamEvent.ToolArgumentsDelta(block.index, call.argumentsJson()));
                }
            }
            case "reasoning" -> reasoningDone(key, item, out);
            case "message" -> messageDone(output, item, out);
            default -> { }
        }
        blocks.close(key, out);
    }

    private void reasoningDone(Key key, JsonNode item, List<StreamEvent> out) {
        String text = ResponsesOutputDecoder.reasoningText(item, "item");
        String encrypted = Fields.text(item, "encrypted_content", "item");
        Block block = blocks.get(key);
        if (block == null) {
            if (blocks.wasOpened(key) || text.isEmpty() && encrypted == null) {
                return;
            }
            block = blocks.open(key, ResponsesStreamBlocks.reasoningStart(), out);
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
            if (text != null && !text.isEmpty() && !blocks.wasOpened(key)) {
                Block block = blocks.text(key, out);
                block.hasData = true;
                out.add(new StreamEvent.TextDelta(block.index, text));
            }
        }
        blocks.closeOutput(output, out);
    }

    private void complete(JsonNode response, List<StreamEvent> out) {
        start(response, out);
        if (!blocks.any()) {
            JsonNode output = Fields.array(response, "output", "response");
            if (output != null) {
                ResponsesOutputDecoder.items(output, "response.output").forEach(part -> blocks.whole(part, out));
            }
        }
        blocks.closeAll(out);
        String status = Fields.text(response, "status", "response");
        JsonNode incomplete = Fields.object(response, "incomplete_details", "response");
        StopReason stop = ResponsesStatus.decode(status, incomplete == null ? null
                : Fields.text(incomplete, "reason", "response.incomplete_details"), blocks.hadToolCalls());
        Usage usage = ResponsesUsage.decode(Fields.object(response, "usage", "response"), "response.usage");
        end(stop != null ? stop : StopReason.END_TURN, usage, out);
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
        if (!done) {
            // neither response.completed (.incomplete, .failed) nor [DONE]: the connection ended, the answer did not
            throw UpstreamException.cutShort("response.completed");
        }
        List<StreamEvent> out = new ArrayList<>(3);
        blocks.closeAll(out);
        end(blocks.hadToolCalls() ? StopReason.TOOL_USE : StopReason.END_TURN, Usage.ZERO, out);
        return out;
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
        return UpstreamException.midStream(ErrorType.UPSTREAM, message != null ? message : "no message given", code,
                false);
    }
}
