package dev.aiproxy.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Folds the events of one stream into the {@link ChatResponse} they describe. Single use, not thread-safe; rejects
 * events that break the order documented on {@link StreamEvent}, naming the event.
 */
public final class ChatResponseAccumulator {
    private String id;
    private String model;
    private final TreeMap<Integer, BlockBuilder> blocks = new TreeMap<>();
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private boolean stopped;

    /** An accumulator that has seen no event yet. */
    public ChatResponseAccumulator() {
    }

    /**
     * Adds one event.
     *
     * @throws IllegalStateException when the event comes out of order
     */
    public void accept(StreamEvent event) {
        if (stopped) {
            throw new IllegalStateException("event after 'MessageStop': " + event);
        }
        switch (event) {
            case StreamEvent.MessageStart start -> {
                if (id != null) {
                    throw new IllegalStateException("'MessageStart' event already received");
                }
                id = start.id();
                model = start.model();
                usage = usage.max(start.usage());
            }
            case StreamEvent.BlockStart start -> {
                requireStarted(event);
                blocks.put(start.index(), new BlockBuilder(start.part()));
            }
            case StreamEvent.TextDelta delta -> block(delta.index(), event).text.append(delta.text());
            case StreamEvent.ToolArgumentsDelta delta -> block(delta.index(), event).text.append(delta.json());
            case StreamEvent.ThinkingDelta delta -> block(delta.index(), event).text.append(delta.text());
            case StreamEvent.SignatureDelta delta -> block(delta.index(), event).signature.append(delta.signature());
            case StreamEvent.BlockStop stop -> block(stop.index(), event);
            case StreamEvent.MessageDelta delta -> {
                requireStarted(event);
                stopReason = delta.stopReason();
                usage = usage.max(delta.usage());
            }
            case StreamEvent.MessageStop ignored -> {
                requireStarted(event);
                stopped = true;
            }
        }
    }

    /** Whether {@link StreamEvent.MessageStop} has arrived. */
    public boolean isComplete() {
        return stopped;
    }

    /**
     * The response so far; complete once {@link #isComplete()}.
     *
     * @throws IllegalStateException when no {@code MessageStart} arrived
     */
    public ChatResponse response() {
        if (id == null) {
            throw new IllegalStateException("no 'MessageStart' event received");
        }
        List<ContentPart> content = new ArrayList<>();
        for (BlockBuilder block : blocks.values()) {
            content.add(block.build());
        }
        return new ChatResponse(id, model, content, stopReason, usage, Extensions.EMPTY);
    }

    private void requireStarted(StreamEvent event) {
        if (id == null) {
            throw new IllegalStateException("'" + event.getClass().getSimpleName() + "' before 'MessageStart'");
        }
    }

    private BlockBuilder block(int index, StreamEvent event) {
        requireStarted(event);
        BlockBuilder block = blocks.get(index);
        if (block == null) {
            throw new IllegalStateException("'" + event.getClass().getSimpleName() + "' for block " + index
                    + " before its 'BlockStart'");
        }
        return block;
    }

    private static final class BlockBuilder {
        private final ContentPart start;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder signature = new StringBuilder();

        BlockBuilder(ContentPart start) {
            this.start = start;
            switch (start) {
                case Text t -> text.append(t.text());
                case ToolCall call -> text.append(call.argumentsJson());
                case Thinking thinking -> {
                    text.append(thinking.text());
                    if (thinking.signature() != null) {
                        signature.append(thinking.signature());
                    }
                }
                case Image ignored -> { }
                case ToolResult ignored -> { }
            }
        }

        ContentPart build() {
            return switch (start) {
                case Text ignored -> new Text(text.toString());
                case ToolCall call -> new ToolCall(call.id(), call.name(), text.isEmpty() ? "{}" : text.toString(),
                        call.signature());
                case Thinking thinking -> new Thinking(text.toString(),
                        signature.isEmpty() ? null : signature.toString(), thinking.redactedData(),
                        thinking.signedBy());
                case Image image -> image;
                case ToolResult result -> result;
            };
        }
    }
}
