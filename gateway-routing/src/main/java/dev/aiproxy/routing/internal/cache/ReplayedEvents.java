package dev.aiproxy.routing.internal.cache;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored whole answer as the canonical stream events an upstream would have sent for it, in the order {@link
 * StreamEvent} documents: each content block whole in one delta. A client format's stream encoder then writes them as
 * that format's stream.
 */
final class ReplayedEvents {
    private ReplayedEvents() {
    }

    /**
     * Whether an answer can be replayed as a stream: its parts are those a streamed answer carries (text, tool calls,
     * reasoning). An answer with another part is not stored, so every stored answer replays both ways.
     */
    static boolean replayable(ChatResponse answer) {
        for (ContentPart part : answer.content()) {
            switch (part) {
                case Text text -> {
                }
                case ToolCall call -> {
                }
                case Thinking thinking -> {
                }
                case Image image -> {
                    return false;
                }
                case ToolResult result -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** The events of {@code answer}; it must be {@link #replayable}. */
    static List<StreamEvent> of(ChatResponse answer) {
        List<StreamEvent> events = new ArrayList<>(3 * answer.content().size() + 3);
        Usage usage = answer.usage();
        events.add(new StreamEvent.MessageStart(answer.id(), answer.model(),
                new Usage(usage.inputTokens(), 0, usage.cachedInputTokens(), usage.cacheWriteInputTokens(), 0)));
        List<ContentPart> content = answer.content();
        for (int i = 0; i < content.size(); i++) {
            switch (content.get(i)) {
                case Text text -> {
                    events.add(new StreamEvent.BlockStart(i, new Text("")));
                    events.add(new StreamEvent.TextDelta(i, text.text()));
                }
                case ToolCall call -> {
                    events.add(new StreamEvent.BlockStart(i, new ToolCall(call.id(), call.name(), "",
                            call.signature())));
                    events.add(new StreamEvent.ToolArgumentsDelta(i, call.argumentsJson()));
                }
                case Thinking thinking -> {
                    events.add(new StreamEvent.BlockStart(i, new Thinking("", null, thinking.redactedData(),
                            thinking.signedBy())));
                    if (!thinking.text().isEmpty()) {
                        events.add(new StreamEvent.ThinkingDelta(i, thinking.text()));
                    }
                    if (thinking.signature() != null) {
                        events.add(new StreamEvent.SignatureDelta(i, thinking.signature()));
                    }
                }
                case Image image -> throw notReplayable(image);
                case ToolResult result -> throw notReplayable(result);
            }
            events.add(new StreamEvent.BlockStop(i));
        }
        events.add(new StreamEvent.MessageDelta(answer.stopReason(), usage));
        events.add(new StreamEvent.MessageStop());
        return events;
    }

    private static IllegalArgumentException notReplayable(ContentPart part) {
        return new IllegalArgumentException("a streamed answer carries no " + part.getClass().getSimpleName()
                + " part: the cache must not have stored it");
    }
}
