package dev.aiproxy.api.spi;

/** What an upstream call asks for. */
public enum Operation {
    /** Generate an answer: OpenAI {@code /chat/completions}, Anthropic {@code /v1/messages}, Gemini {@code :generateContent}. */
    GENERATE,
    /** Count the input tokens of a request: Anthropic {@code /v1/messages/count_tokens}, Gemini {@code :countTokens}. */
    COUNT_TOKENS
}
