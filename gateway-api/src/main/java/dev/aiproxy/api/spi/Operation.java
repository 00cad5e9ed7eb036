package dev.aiproxy.api.spi;

/** What an upstream call asks for. */
public enum Operation {
    /** Generate an answer: OpenAI {@code /chat/completions}, Anthropic {@code /v1/messages}, Gemini {@code :generateContent}. */
    GENERATE,
    /** Count the input tokens of a request: Anthropic {@code /v1/messages/count_tokens}, Gemini {@code :countTokens}. */
    COUNT_TOKENS,
    /**
     * List the models the key may use, a free call that tells whether the key works (a health check): OpenAI
     * {@code GET /models}, Anthropic {@code GET /v1/models}, Gemini {@code GET /v1beta/models}. A GET: the request's
     * body and model are ignored.
     */
    LIST_MODELS
}
