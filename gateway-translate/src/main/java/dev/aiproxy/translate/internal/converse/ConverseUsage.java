package dev.aiproxy.translate.internal.converse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;

/**
 * Converse's {@code usage} (TokenUsage) and {@code stopReason}, as
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html documents them. Its
 * {@code inputTokens} excludes the tokens read from and written to the prompt cache ({@code cacheReadInputTokens},
 * {@code cacheWriteInputTokens}); the canonical input count includes them.
 */
final class ConverseUsage {
    private ConverseUsage() {
    }

    static Usage decode(JsonNode usage, String path) {
        if (usage == null) {
            return Usage.ZERO;
        }
        Fields.requireObject(usage, path);
        long cacheRead = Fields.count(usage, "cacheReadInputTokens", path);
        long cacheWrite = Fields.count(usage, "cacheWriteInputTokens", path);
        return new Usage(Fields.count(usage, "inputTokens", path) + cacheRead + cacheWrite,
                Fields.count(usage, "outputTokens", path), cacheRead, cacheWrite, 0);
    }

    /** The canonical reason for a Converse {@code stopReason}; one this codec does not know ends the turn. */
    static StopReason stopReason(String reason) {
        if (reason == null) {
            return StopReason.END_TURN;
        }
        return switch (reason) {
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "guardrail_intervened", "content_filtered" -> StopReason.CONTENT_FILTER;
            default -> StopReason.END_TURN;
        };
    }
}
