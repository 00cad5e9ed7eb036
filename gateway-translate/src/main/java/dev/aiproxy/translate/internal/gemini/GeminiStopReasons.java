package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.api.model.StopReason;

/**
 * Gemini's {@code finishReason} values (https://ai.google.dev/api/generate-content#FinishReason) and the canonical
 * {@link StopReason}. Gemini says {@code STOP} also when the answer ends in function calls or at a stop sequence.
 */
final class GeminiStopReasons {
    private GeminiStopReasons() {
    }

    /** Null for null: the candidate has not finished. */
    static StopReason decode(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "STOP" -> StopReason.END_TURN;
            case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> StopReason.CONTENT_FILTER;
            // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, MISSING_THOUGHT_SIGNATURE,
            // MALFORMED_RESPONSE, LANGUAGE, NO_IMAGE, IMAGE_OTHER, OTHER and values newer than this list
            default -> StopReason.ERROR;
        };
    }

    static String encode(StopReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, TOOL_USE -> "STOP";
            case MAX_TOKENS -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case ERROR -> "OTHER";
        };
    }
}
