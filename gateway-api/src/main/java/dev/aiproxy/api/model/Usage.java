package dev.aiproxy.api.model;

/**
 * Token counts for one request, as OpenAI counts them: {@code inputTokens} is every input token, including those
 * read from a prompt cache ({@code cachedInputTokens}) and those written to it ({@code cacheWriteInputTokens});
 * {@code outputTokens} is every output token, including reasoning ({@code reasoningTokens}). Codecs of formats that
 * count otherwise (Anthropic's {@code input_tokens} excludes cache reads and writes; Gemini's
 * {@code candidatesTokenCount} excludes thoughts) convert on the way in and out.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteInputTokens,
        long reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteInputTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** Plain input and output counts, with no cache or reasoning detail. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Input tokens neither read from nor written to a cache. */
    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedInputTokens - cacheWriteInputTokens);
    }

    /** Field by field, the larger of this and {@code other}: stream formats repeat cumulative counts. */
    public Usage max(Usage other) {
        return new Usage(Math.max(inputTokens, other.inputTokens), Math.max(outputTokens, other.outputTokens),
                Math.max(cachedInputTokens, other.cachedInputTokens),
                Math.max(cacheWriteInputTokens, other.cacheWriteInputTokens),
                Math.max(reasoningTokens, other.reasoningTokens));
    }
}
