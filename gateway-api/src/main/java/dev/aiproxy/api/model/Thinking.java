package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;

/**
 * A reasoning block.
 *
 * @param signature the provider's opaque seal (Anthropic's {@code signature}, Gemini's {@code thoughtSignature}); it
 *     is only valid for the provider that made it, so a block goes back with it to that provider's format only, and
 *     is dropped for any other
 * @param redactedData an Anthropic {@code redacted_thinking} payload, in which case {@code text} is empty; else null
 * @param signedBy the wire format of the provider that made the signature; null when unsigned or unknown
 */
public record Thinking(String text, String signature, String redactedData, ApiFormat signedBy) implements ContentPart {
    public Thinking {
        requireNonNull(text, "text");
    }

    public static Thinking of(String text) {
        return new Thinking(text, null, null, null);
    }
}
