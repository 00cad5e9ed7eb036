package dev.aiproxy.translate.internal.gemini;

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
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code streamGenerateContent?alt=sse} stream into canonical events. Each event is a whole
 * {@code GenerateContentResponse} holding the next parts
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent); there are no block boundaries
 * and no end marker: a block opens at the first part of its kind and closes when another kind starts, and the stream
 * ends when the connection does. Each function call arrives whole and becomes one block
 * with one {@link StreamEvent.ToolArgumentsDelta}. A {@code thoughtSignature} closes the thinking block it seals; one
 * on a text part becomes its own empty thinking block, as {@link GeminiPartDecoder} does. {@code usageMetadata} is
 * cumulative in every chunk, so the largest counts win.
 */
final class GeminiStreamDecoder implements StreamDecoder {
    private enum Kind { TEXT, THINKING }

    private boolean started;
    private boolean finished;
    private int openBlock = -1;
    private Kind openKind;
    private int nextBlock;
    private boolean sawToolCall;
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private final GeminiCallIds ids = GeminiCallIds.answer();

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) {
            return List.of();
        }
        GeminiTextChunks.TextChunk text = GeminiTextChunks.read(event.data());
        if (text != null) {
            return textChunk(text);
        }
        JsonNode chunk;
        try {
            chunk = Fields.requireObject(Json.parse(event.data()), "");
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable stream chunk");
        }
        if (chunk.has("error")) {
            UpstreamErrorBody error = GeminiErrors.decode(0, event.data().getBytes(StandardCharsets.UTF_8));
            throw UpstreamException.midStream(ErrorType.UPSTREAM, error.message(), error.type(), false);
        }
        try {
            return chunk(chunk);
        } catch (JsonShapeException e) {
            throw e.upstreamError("a malformed stream chunk");
        }
    }

    private List<StreamEvent> chunk(JsonNode chunk) {
        List<StreamEvent> out = new ArrayList<>(3);
        Usage chunkUsage = GeminiUsage.decode(Fields.object(chunk, "usageMetadata", ""), "usageMetadata");
        usage = usage.max(chunkUsage);
        if (!started) {
            start(out, chunkUsage, Fields.text(chunk, "responseId", ""), Fields.text(chunk, "modelVersion", ""));
        }
        JsonNode candidates = Fields.array(chunk, "candidates", "");
        if (candidates == null || candidates.isEmpty()) {
            JsonNode feedback = Fields.object(chunk, "promptFeedback", "");
            if (feedback != null && Fields.text(feedback, "blockReason", "promptFeedback") != null) {
                stopReason = StopReason.CONTENT_FILTER;
            }
            return out;
        }
        JsonNode candidate = Fields.requireObject(candidates.get(0), "candidates[0]");
        JsonNode content = Fields.object(candidate, "content", "candidates[0]");
        JsonNode parts = content == null ? null : Fields.array(content, "parts", "candidates[0].content");
        if (parts != null) {
            List<ContentPart> decoded = new ArrayList<>(parts.size());
            GeminiPartDecoder.decode(parts, "candidates[0].content.parts", GeminiPartDecoder.Source.UPSTREAM, ids,
                    decoded);
            for (ContentPart part : decoded) {
                part(part, out);
            }
        }
        String finish = Fields.text(candidate, "finishReason", "candidates[0]");
        if (finish != null) {
            finish(out, finish);
        }
        return out;
    }

    /** A chunk of text parts read without a tree ({@link GeminiTextChunks}): what {@link #chunk} does with one. */
    private List<StreamEvent> textChunk(GeminiTextChunks.TextChunk chunk) {
        List<StreamEvent> out = new ArrayList<>(3);
        usage = usage.max(chunk.usage());
        if (!started) {
            start(out, chunk.usage(), chunk.responseId(), chunk.modelVersion());
        }
        for (Text text : chunk.parts()) {
            part(text, out);
        }
        if (chunk.finishReason() != null) {
            finish(out, chunk.finishReason());
        }
        return out;
    }

    private void start(List<StreamEvent> out, Usage chunkUsage, String id, String model) {
        started = true;
        out.add(new StreamEvent.MessageStart(id != null ? id : Ids.next("gemini-"), model != null ? model : "",
                new Usage(chunkUsage.inputTokens(), 0, chunkUsage.cachedInputTokens(), 0, 0)));
    }

    private void finish(List<StreamEvent> out, String finishReason) {
        stopReason = GeminiStopReasons.decode(finishReason);
        closeBlock(out);
    }

    private void part(ContentPart part, List<StreamEvent> out) {
        switch (part) {
            case Text text -> out.add(new StreamEvent.TextDelta(ensureBlock(Kind.TEXT, out), text.text()));
            case Thinking thinking -> {
                if (thinking.text().isEmpty()) {
                    // a signature Gemini put on a text part: a block of its own, never sealing another one
                    closeBlock(out);
                }
                int block = ensureBlock(Kind.THINKING, out);
                if (!thinking.text().isEmpty()) {
                    out.add(new StreamEvent.ThinkingDelta(block, thinking.text()));
                }
                if (thinking.signature() != null) {
                    out.add(new StreamEvent.SignatureDelta(block, thinking.signature()));
                    closeBlock(out);
                }
            }
            case ToolCall call -> {
                sawToolCall = true;
                closeBlock(out);
                int block = nextBlock++;
                out.add(new StreamEvent.BlockStart(block, new ToolCall(call.id(), call.name(), "",
                        call.signature())));
                out.add(new StreamEvent.ToolArgumentsDelta(block, call.argumentsJson()));
                out.add(new StreamEvent.BlockStop(block));
            }
            case Image image -> {
                closeBlock(out);
                int block = nextBlock++;
                out.add(new StreamEvent.BlockStart(block, image));
                out.add(new StreamEvent.BlockStop(block));
            }
            case ToolResult ignored -> { }
        }
    }

    private int ensureBlock(Kind kind, List<StreamEvent> out) {
        if (openBlock >= 0 && openKind == kind) {
            return openBlock;
        }
        closeBlock(out);
        openBlock = nextBlock++;
        openKind = kind;
        out.add(new StreamEvent.BlockStart(openBlock, kind == Kind.TEXT ? new Text("")
                : new Thinking("", null, null, ApiFormat.GEMINI)));
        return openBlock;
    }

    private void closeBlock(List<StreamEvent> out) {
        if (openBlock >= 0) {
            out.add(new StreamEvent.BlockStop(openBlock));
            openBlock = -1;
            openKind = null;
        }
    }

    /** Gemini ends a stream by closing it: the final delta and stop are always made here. */
    @Override
    public List<StreamEvent> finish() {
        if (finished) {
            return List.of();
        }
        if (!started) {
            throw UpstreamException.badGateway("upstream stream ended before its first chunk", null);
        }
        if (stopReason == null) {
            // no chunk had a finishReason: the connection ended, the answer did not
            throw UpstreamException.cutShort("it said why it stopped");
        }
        finished = true;
        List<StreamEvent> out = new ArrayList<>(3);
        closeBlock(out);
        StopReason reason = stopReason == null ? StopReason.END_TURN : stopReason;
        if (reason == StopReason.END_TURN && sawToolCall) {
            reason = StopReason.TOOL_USE;
        }
        out.add(new StreamEvent.MessageDelta(reason, usage));
        out.add(new StreamEvent.MessageStop());
        return out;
    }
}
