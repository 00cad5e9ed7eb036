package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/**
 * One event of a streamed answer, in canonical form. The order is always: one {@link MessageStart}; then for each
 * content block a {@link BlockStart}, its deltas and a {@link BlockStop}; then one {@link MessageDelta} with the stop
 * reason and final usage; then {@link MessageStop}. For a streamed tool call:
 * <pre>
 * MessageStart
 * BlockStart(0, ToolCall(id, "get_weather", ""))
 * ToolArgumentsDelta(0, "{\"city\":")  ToolArgumentsDelta(0, "\"Paris\"}")
 * BlockStop(0)
 * MessageDelta(TOOL_USE, usage)
 * MessageStop
 * </pre>
 * A {@link BlockStart} for a tool call carries its id and name and empty arguments; the arguments come only in
 * {@link ToolArgumentsDelta}s, one with the whole object when the upstream sends calls whole (Gemini).
 */
public sealed interface StreamEvent {

    /** The answer begins. {@code usage} holds input tokens when the format reports them up front. */
    record MessageStart(String id, String model, Usage usage) implements StreamEvent {
        public MessageStart {
            requireNonNull(id, "id");
            requireNonNull(model, "model");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /**
     * A content block begins. {@code part} says its kind and carries what is known up front: an empty {@link Text},
     * a {@link ToolCall} with id and name and empty arguments, or an empty {@link Thinking}.
     */
    record BlockStart(int index, ContentPart part) implements StreamEvent {
        public BlockStart {
            requireNonNull(part, "part");
        }
    }

    /** More text for a text block. */
    record TextDelta(int index, String text) implements StreamEvent {
        public TextDelta {
            requireNonNull(text, "text");
        }
    }

    /** A fragment of a tool call's JSON arguments; the fragments concatenate to the whole object. */
    record ToolArgumentsDelta(int index, String json) implements StreamEvent {
        public ToolArgumentsDelta {
            requireNonNull(json, "json");
        }
    }

    /** More reasoning text for a thinking block. */
    record ThinkingDelta(int index, String text) implements StreamEvent {
        public ThinkingDelta {
            requireNonNull(text, "text");
        }
    }

    /** The signature that seals a thinking block. */
    record SignatureDelta(int index, String signature) implements StreamEvent {
        public SignatureDelta {
            requireNonNull(signature, "signature");
        }
    }

    /** A content block is complete. */
    record BlockStop(int index) implements StreamEvent {
    }

    /** The answer's stop reason and final usage. */
    record MessageDelta(StopReason stopReason, Usage usage) implements StreamEvent {
        public MessageDelta {
            stopReason = stopReason == null ? StopReason.END_TURN : stopReason;
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /** The answer is complete; nothing follows. */
    record MessageStop() implements StreamEvent {
    }
}
