package dev.aiproxy.translate.internal.responses;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical blocks of one Responses stream, keyed by where they sit in the response: a content part of a message
 * item, or a whole function call or reasoning item. Numbers blocks in the order they open and writes their
 * {@code BlockStart}/{@code BlockStop}. Single use, not thread-safe.
 */
final class ResponsesStreamBlocks {
    /** Where a block sits: {@code content} is -1 for items that are one block (calls, reasoning). */
    record Key(int output, int content) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return output != o.output ? Integer.compare(output, o.output) : Integer.compare(content, o.content);
        }
    }

    /** An open block: its canonical index, whether any content arrived, and the summary part it is in. */
    static final class Block {
        final int index;
        boolean hasData;
        int partIndex = -1;

        Block(int index) {
            this.index = index;
        }
    }

    private final Map<Key, Block> open = new TreeMap<>();
    /** Every block ever opened, so a {@code .done} event never repeats what deltas already said. */
    private final Set<Key> seen = new HashSet<>();
    private int next;
    private boolean toolCalls;

    /** A reasoning block: whatever seals it will be Responses' {@code encrypted_content}. */
    static Thinking reasoningStart() {
        return new Thinking("", null, null, ApiFormat.OPENAI_RESPONSES);
    }

    /** The open block at {@code key}, or null. */
    Block get(Key key) {
        return open.get(key);
    }

    boolean wasOpened(Key key) {
        return seen.contains(key);
    }

    /** Whether any block was opened at all. */
    boolean any() {
        return next > 0;
    }

    /** Whether any block was a tool call, which makes a completed answer a tool-use stop. */
    boolean hadToolCalls() {
        return toolCalls;
    }

    Block open(Key key, ContentPart start, List<StreamEvent> out) {
        close(key, out);
        Block block = new Block(next++);
        open.put(key, block);
        seen.add(key);
        toolCalls |= start instanceof ToolCall;
        out.add(new StreamEvent.BlockStart(block.index, start));
        return block;
    }

    /** The open text block at {@code key}, opened if need be. */
    Block text(Key key, List<StreamEvent> out) {
        Block block = open.get(key);
        return block != null ? block : open(key, new Text(""), out);
    }

    void close(Key key, List<StreamEvent> out) {
        Block block = open.remove(key);
        if (block != null) {
            out.add(new StreamEvent.BlockStop(block.index));
        }
    }

    /** Closes every open block of one output item. */
    void closeOutput(int output, List<StreamEvent> out) {
        for (Key key : List.copyOf(open.keySet())) {
            if (key.output() == output) {
                close(key, out);
            }
        }
    }

    void closeAll(List<StreamEvent> out) {
        for (Key key : List.copyOf(open.keySet())) {
            close(key, out);
        }
    }

    /** A part known only whole, as the canonical events of one block. */
    void whole(ContentPart part, List<StreamEvent> out) {
        int index = next;
        List<StreamEvent> deltas = new ArrayList<>(2);
        ContentPart start = switch (part) {
            case Text t -> {
                deltas.add(new StreamEvent.TextDelta(index, t.text()));
                yield new Text("");
            }
            case ToolCall call -> {
                deltas.add(new StreamEvent.ToolArgumentsDelta(index, call.argumentsJson()));
                yield new ToolCall(call.id(), call.name(), "");
            }
            case Thinking thinking -> {
                if (!thinking.text().isEmpty()) {
                    deltas.add(new StreamEvent.ThinkingDelta(index, thinking.text()));
                }
                if (thinking.signature() != null) {
                    deltas.add(new StreamEvent.SignatureDelta(index, thinking.signature()));
                }
                yield reasoningStart();
            }
            // output items never hold these
            case Image ignored -> null;
            case ToolResult ignored -> null;
        };
        if (start != null) {
            next++;
            toolCalls |= start instanceof ToolCall;
            out.add(new StreamEvent.BlockStart(index, start));
            out.addAll(deltas);
            out.add(new StreamEvent.BlockStop(index));
        }
    }
}
