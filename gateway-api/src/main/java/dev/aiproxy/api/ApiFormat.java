package dev.aiproxy.api;

/**
 * A wire format: the JSON and SSE shapes of one provider API, spoken by clients, by upstreams, or both.
 */
public enum ApiFormat {
    /** OpenAI Chat Completions ({@code /v1/chat/completions}); also every OpenAI-compatible upstream. */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI Responses ({@code /v1/responses}). */
    OPENAI_RESPONSES("openai-responses"),
    /** Anthropic Messages ({@code /v1/messages}). */
    ANTHROPIC_MESSAGES("anthropic-messages"),
    /** Google Gemini generateContent ({@code /v1beta/models/{model}:generateContent}). */
    GEMINI("gemini"),
    /**
     * Amazon Bedrock's Converse API ({@code /model/{modelId}/converse}): spoken by upstreams only, no client sends it,
     * so it is never the format of a client endpoint.
     */
    BEDROCK_CONVERSE("bedrock-converse");

    private final String id;

    ApiFormat(String id) {
        this.id = id;
    }

    /** Whether clients speak this format to the gateway; {@code false} for a format only upstreams speak. */
    public boolean isClientFormat() {
        return this != BEDROCK_CONVERSE;
    }

    /** The stable lower-case name used in config files, logs and the admin API. */
    public String id() {
        return id;
    }

    /**
     * Looks a format up by its {@link #id()}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones when nothing matches
     */
    public static ApiFormat fromId(String id) {
        for (ApiFormat format : values()) {
            if (format.id.equals(id)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown api format '" + id + "' (expected one of "
                + java.util.Arrays.stream(values()).map(ApiFormat::id).toList() + ")");
    }
}
