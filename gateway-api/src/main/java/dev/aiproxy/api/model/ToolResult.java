package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of a tool call, sent back to the model. {@code name} is the tool's name when the format carries it
 * (Gemini needs it, OpenAI does not send it) and may be null.
 */
public record ToolResult(String toolCallId, String name, List<ContentPart> content, boolean isError)
        implements ContentPart {
    public ToolResult {
        requireNonNull(toolCallId, "toolCallId");
        content = List.copyOf(content);
    }

    /** The text of the result, all text parts joined. */
    public String text() {
        return Text.join(content);
    }
}
