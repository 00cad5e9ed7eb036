package dev.aiproxy.translate.internal.openai;

import dev.aiproxy.api.model.StopReason;

/** OpenAI's {@code finish_reason} values and the canonical {@link StopReason}. */
final class OpenAiStopReasons {
    private OpenAiStopReasons() {
    }

    static StopReason decode(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.END_TURN;
        };
    }

    static String encode(StopReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, ERROR -> "stop";
            case MAX_TOKENS -> "length";
            case TOOL_USE -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
        };
    }
}
