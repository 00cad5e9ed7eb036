package dev.aiproxy.translate.internal.anthropic;

/** Which Anthropic endpoint a request body is for; they take the same body with different required fields. */
enum AnthropicEndpoint {
    /** {@code POST /v1/messages}: {@code max_tokens} is required. */
    MESSAGES,
    /** {@code POST /v1/messages/count_tokens}: no {@code max_tokens}, no {@code stream}, no sampling settings. */
    COUNT_TOKENS
}
