package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/** The model asks for a tool to be run; {@code argumentsJson} is a JSON object as text, exactly as produced. */
public record ToolCall(String id, String name, String argumentsJson) implements ContentPart {
    public ToolCall {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(argumentsJson, "argumentsJson");
    }
}
