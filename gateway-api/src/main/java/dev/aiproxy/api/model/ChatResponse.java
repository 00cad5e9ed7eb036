package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A complete answer in canonical form.
 *
 * @param id the provider's id for this answer
 * @param model the model name to show the client (the name it asked for)
 * @param content the assistant's content parts, in order
 */
public record ChatResponse(String id, String model, List<ContentPart> content, StopReason stopReason, Usage usage,
        Extensions extensions) {
    public ChatResponse {
        requireNonNull(id, "id");
        requireNonNull(model, "model");
        content = List.copyOf(content);
        stopReason = stopReason == null ? StopReason.END_TURN : stopReason;
        usage = usage == null ? Usage.ZERO : usage;
        extensions = extensions == null ? Extensions.EMPTY : extensions;
    }

    /** The answer's text, all text parts joined. */
    public String text() {
        return Text.join(content);
    }

    /** The tool calls in the answer, in order. */
    public List<ToolCall> toolCalls() {
        return content.stream().filter(ToolCall.class::isInstance).map(ToolCall.class::cast).toList();
    }

    /** A copy under another id, such as one in the client format's own id shape. */
    public ChatResponse withId(String newId) {
        return new ChatResponse(newId, model, content, stopReason, usage, extensions);
    }

    /** A copy that shows another model name to the client. */
    public ChatResponse withModel(String newModel) {
        return new ChatResponse(id, newModel, content, stopReason, usage, extensions);
    }
}
