package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import java.util.List;

/**
 * Reads the answer nearly every non-streamed Gemini call gets, one candidate of plain text parts, with the streaming
 * parser ({@link GeminiTextChunks}, which reads stream chunks of the same shape) instead of a tree: the tree of the
 * answer was a large part of a translated request's CPU and allocation. Gives the same {@link ChatResponse} as
 * {@link GeminiResponseCodec#decodeTree}, and null for anything else (a candidate with fields that decoder keeps, a
 * {@code promptFeedback}, a missing {@code responseId}, which that decoder replaces with a new id), which is then left
 * to it, so the answer and any error are the same.
 */
final class GeminiTextAnswers {
    private GeminiTextAnswers() {
    }

    /** The answer, or null when it is not exactly one of the shape above. */
    static ChatResponse read(byte[] body) {
        GeminiTextChunks.TextChunk answer = GeminiTextChunks.readAnswer(body);
        if (answer == null || answer.responseId() == null) {
            return null;
        }
        List<ContentPart> content = List.copyOf(answer.parts());
        return new ChatResponse(answer.responseId(), answer.modelVersion() != null ? answer.modelVersion() : "",
                content, GeminiResponseCodec.stopReason(GeminiStopReasons.decode(answer.finishReason()), content),
                answer.usage(), Extensions.EMPTY);
    }
}
