package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A reasoning block. {@code signature} is the provider's opaque seal (Anthropic's {@code signature}, Gemini's
 * {@code thoughtSignature}) and must go back unchanged to the provider that made it; {@code redactedData} holds an
 * Anthropic {@code redacted_thinking} payload, in which case {@code text} is empty.
 */
public record Thinking(String text, String signature, String redactedData) implements ContentPart {
    public Thinking {
        requireNonNull(text, "text");
    }

    public static Thinking of(String text) {
        return new Thinking(text, null, null);
    }
}
