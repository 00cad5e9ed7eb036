package dev.aiproxy.translate.internal.openai;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code chat.completion.chunk} events into canonical events. OpenAI streams have no block boundaries: a block
 * opens at the first delta of its kind and closes when another kind starts or the choice finishes. The usage chunk
 * (with {@code stream_options.include_usage}) comes after the finish chunk, so the final {@code MessageDelta} waits
 * for {@code [DONE]} or the end of the stream.
 */
final class OpenAiChatStreamDecoder implements StreamDecoder {
    private enum Kind { TEXT, THINKING, TOOL }

    private boolean started;
    private boolean finished;
    private int openBlock = -1;
    private Kind openKind;
    private int nextBlock;
    private final Map<Integer, Integer> blockOfToolIndex = new HashMap<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) {
            return List.of();
        }
        if (event.data().equals("[DONE]")) {
            return end();
        }
        if (started) {
            OpenAiTextChunks.TextChunk text = OpenAiTextChunks.read(event.data());
            if (text != null) {
                List<StreamEvent> out = new ArrayList<>(2);
                text(text.content(), out);
                finish(text.finishReason(), out);
                return out;
            }
        }
        JsonNode chunk;
        try {
            chunk = Fields.requireObject(Json.parse(event.data()), "");
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable stream chunk");
        }
        if (chunk.has("error")) {
            UpstreamErrorBody error = OpenAiErrors.decode(0, event.data().getBytes(StandardCharsets.UTF_8));
            throw UpstreamException.midStream(ErrorType.UPSTREAM, error.message(), error.code(), false);
        }
        try {
            return chunk(chunk);
        } catch (JsonShapeException e) {
            throw e.upstreamError("a malformed stream chunk");
        }
    }

    private List<StreamEvent> chunk(JsonNode chunk) {
        List<StreamEvent> out = new ArrayList<>(2);
        if (!started && isAnnotationOnly(chunk)) {
            return out;
        }
        if (!started) {
            started = true;
            String id = Fields.text(chunk, "id", "");
            String model = Fields.text(chunk, "model", "");
            out.add(new StreamEvent.MessageStart(id != null ? id : Ids.next("chatcmpl-"), model != null ? model : "",
                    Usage.ZERO));
        }
        JsonNode usageNode = Fields.object(chunk, "usage", "");
        if (usageNode != null) {
            usage = usage.max(OpenAiUsage.decode(usageNode, "usage"));
        }
        JsonNode choices = Fields.array(chunk, "choices", "");
        if (choices == null || choices.isEmpty()) {
            return out;
        }
        JsonNode choice = Fields.requireObject(choices.get(0), "choices[0]");
        JsonNode delta = Fields.object(choice, "delta", "choices[0]");
        if (delta != null) {
            delta(delta, out);
        }
        finish(Fields.text(choice, "finish_reason", "choices[0]"), out);
        return out;
    }

    private void finish(String finishReason, List<StreamEvent> out) {
        if (finishReason != null) {
            stopReason = OpenAiStopReasons.decode(finishReason);
            closeBlock(out);
        }
    }

    /**
     * Azure OpenAI opens a stream with a chunk that carries only {@code prompt_filter_results}, with empty
     * {@code choices}, {@code id} and {@code model} ("Content filtering", streaming annotations,
     * https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter): it says nothing of the answer, and
     * the message must start with the id and model of the first real chunk.
     */
    private static boolean isAnnotationOnly(JsonNode chunk) {
        JsonNode choices = chunk.get("choices");
        return (choices == null || choices.isArray() && choices.isEmpty()) && !chunk.path("usage").isObject();
    }

    private void delta(JsonNode delta, List<StreamEvent> out) {
        String path = "choices[0].delta";
        String reasoning = Fields.text(delta, "reasoning_content", path);
        if (reasoning == null) {
            reasoning = Fields.text(delta, "reasoning", path);
        }
        if (reasoning != null && !reasoning.isEmpty()) {
            int block = ensureBlock(Kind.THINKING, Thinking.of(""), out);
            out.add(new StreamEvent.ThinkingDelta(block, reasoning));
        }
        text(Fields.text(delta, "content", path), out);
        JsonNode calls = Fields.array(delta, "tool_calls", path);
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                toolCall(Fields.requireObject(calls.get(i), path(path(path, "tool_calls"), i)),
                        path(path(path, "tool_calls"), i), out);
            }
        }
    }

    private void text(String content, List<StreamEvent> out) {
        if (content != null && !content.isEmpty()) {
            int block = ensureBlock(Kind.TEXT, new Text(""), out);
            out.add(new StreamEvent.TextDelta(block, content));
        }
    }

    private void toolCall(JsonNode call, String path, List<StreamEvent> out) {
        Integer index = Fields.integer(call, "index", path);
        int toolIndex = index != null ? index : blockOfToolIndex.size();
        JsonNode fn = Fields.object(call, "function", path);
        String arguments = fn == null ? null : Fields.text(fn, "arguments", path(path, "function"));
        Integer block = blockOfToolIndex.get(toolIndex);
        if (block == null) {
            String id = Fields.text(call, "id", path);
            String name = fn == null ? null : Fields.text(fn, "name", path(path, "function"));
            closeBlock(out);
            block = nextBlock++;
            blockOfToolIndex.put(toolIndex, block);
            openBlock = block;
            openKind = Kind.TOOL;
            out.add(new StreamEvent.BlockStart(block, new ToolCall(id != null ? id : Ids.next("call_"),
                    name != null ? name : "", "")));
        }
        if (arguments != null && !arguments.isEmpty()) {
            out.add(new StreamEvent.ToolArgumentsDelta(block, arguments));
        }
    }

    private int ensureBlock(Kind kind, ContentPart start, List<StreamEvent> out) {
        if (openBlock >= 0 && openKind == kind) {
            return openBlock;
        }
        closeBlock(out);
        openBlock = nextBlock++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openBlock, start));
        return openBlock;
    }

    private void closeBlock(List<StreamEvent> out) {
        if (openBlock >= 0) {
            out.add(new StreamEvent.BlockStop(openBlock));
            openBlock = -1;
            openKind = null;
        }
    }

    private List<StreamEvent> end() {
        List<StreamEvent> out = new ArrayList<>(3);
        if (!started) {
            throw UpstreamException.badGateway("upstream stream ended before its first chunk", null);
        }
        closeBlock(out);
        out.add(new StreamEvent.MessageDelta(stopReason != null ? stopReason : StopReason.END_TURN, usage));
        out.add(new StreamEvent.MessageStop());
        finished = true;
        return out;
    }

    @Override
    public List<StreamEvent> finish() {
        if (finished) {
            return List.of();
        }
        if (stopReason == null) {
            // neither [DONE] nor a finish_reason: the connection ended, the answer did not
            throw UpstreamException.cutShort("it said why it stopped");
        }
        return end();
    }
}
