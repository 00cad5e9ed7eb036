package dev.aiproxy.api.model;

/**
 * Token counts for one request. {@code inputTokens} includes cached tokens; {@code outputTokens} includes reasoning
 * tokens, as OpenAI counts them.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Field by field, the larger of this and {@code other}: stream formats repeat cumulative counts. */
    public Usage max(Usage other) {
        return new Usage(Math.max(inputTokens, other.inputTokens), Math.max(outputTokens, other.outputTokens),
                Math.max(cachedInputTokens, other.cachedInputTokens), Math.max(reasoningTokens, other.reasoningTokens));
    }
}
