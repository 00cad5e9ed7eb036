package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import java.util.Map;

/**
 * Estimates, in bytes, of what remembered conversation content holds in the heap. Text dominates: a string costs one
 * byte a character when all its characters are Latin-1 and two otherwise, as the JDK stores it, and a large one
 * whole heap regions ({@link #inHeap}); each object adds a fixed cost for its header and fields. An estimate, close
 * enough to bound memory, not a measurement.
 */
public final class ConversationSizes {
    /** A {@code Message}, its content list and its extensions. */
    private static final long MESSAGE = 96;
    /** A content part record. */
    private static final long PART = 32;
    /** A {@code String} and its array's header. */
    private static final long STRING = 40;
    /** A map entry of extensions. */
    private static final long ENTRY = 48;
    private static final long REGION = 1024 * 1024;
    private static final long HUMONGOUS = REGION / 2;

    private ConversationSizes() {
    }

    /** A message with its content and extensions. */
    public static long of(Message message) {
        long size = MESSAGE + of(message.extensions());
        for (ContentPart part : message.content()) {
            size += of(part);
        }
        return size;
    }

    /** One content part, a tool result's own content included. */
    public static long of(ContentPart part) {
        return PART + switch (part) {
            case Text text -> of(text.text());
            case Image image -> of(image.url()) + of(image.mediaType()) + of(image.data()) + of(image.detail());
            case ToolCall call -> of(call.id()) + of(call.name()) + of(call.argumentsJson()) + of(call.signature());
            case Thinking thinking -> of(thinking.text()) + of(thinking.signature()) + of(thinking.redactedData());
            case ToolResult result -> {
                long size = of(result.toolCallId()) + of(result.name());
                for (ContentPart inner : result.content()) {
                    size += of(inner);
                }
                yield size;
            }
        };
    }

    /**
     * What one stream event adds to the answer it is folded into: the characters of a delta (appended to a builder),
     * a block and what it starts with.
     */
    public static long of(StreamEvent event) {
        return switch (event) {
            case StreamEvent.TextDelta delta -> characters(delta.text());
            case StreamEvent.ToolArgumentsDelta delta -> characters(delta.json());
            case StreamEvent.ThinkingDelta delta -> characters(delta.text());
            case StreamEvent.SignatureDelta delta -> characters(delta.signature());
            case StreamEvent.BlockStart start -> of(start.part());
            case StreamEvent.MessageStart start -> of(start.id()) + of(start.model());
            case StreamEvent.BlockStop ignored -> 0;
            case StreamEvent.MessageDelta ignored -> 0;
            case StreamEvent.MessageStop ignored -> 0;
        };
    }

    static long of(Extensions extensions) {
        long size = 0;
        for (Map.Entry<String, String> e : extensions.rawJson().entrySet()) {
            size += ENTRY + of(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    /** A byte array, such as a kept response object. */
    static long ofBytes(byte[] bytes) {
        return STRING + inHeap(bytes.length);
    }

    static long of(String s) {
        return s == null ? 0 : STRING + inHeap(characters(s));
    }

    /**
     * What an array of {@code bytes} takes: G1, the JVM's default collector, gives an array of half a region or more
     * whole regions of its own, and its regions are 1 MiB on heaps below 2 GiB (the launcher's is 256 MB), so a text of
     * 1 MiB and a few bytes takes 2 MiB.
     */
    static long inHeap(long bytes) {
        return bytes < HUMONGOUS ? bytes : (bytes + REGION - 1) / REGION * REGION;
    }

    /** The bytes of a string's characters: one each when all are Latin-1, else two. */
    static long characters(String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) > 0xFF) {
                return 2L * length;
            }
        }
        return length;
    }
}
