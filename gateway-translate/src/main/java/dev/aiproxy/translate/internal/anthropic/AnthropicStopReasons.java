package dev.aiproxy.translate.internal.anthropic;

import dev.aiproxy.api.model.StopReason;

/** Anthropic's {@code stop_reason} values and the canonical {@link StopReason}. */
final class AnthropicStopReasons {
    private AnthropicStopReasons() {
    }

    /**
     * {@code pause_turn} (a server tool paused a long turn; the client sends the answer back to continue) has no
     * canonical form and reads as an ended turn; {@code refusal} is a content filter.
     */
    static StopReason decode(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "refusal" -> StopReason.CONTENT_FILTER;
            default -> StopReason.END_TURN;
        };
    }

    static String encode(StopReason reason) {
        return switch (reason) {
            case END_TURN, ERROR -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }
}
