package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/**
 * The model asks for a tool to be run.
 *
 * @param argumentsJson a JSON object as text, exactly as the model produced it
 * @param signature an opaque seal some providers put on a call (Gemini's {@code thoughtSignature}) that must go back
 *     unchanged with the call in the next turn; null when there is none
 */
public record ToolCall(String id, String name, String argumentsJson, String signature) implements ContentPart {
    public ToolCall {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(argumentsJson, "argumentsJson");
    }

    public ToolCall(String id, String name, String argumentsJson) {
        this(id, name, argumentsJson, null);
    }
}
