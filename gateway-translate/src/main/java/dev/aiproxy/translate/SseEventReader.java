package dev.aiproxy.translate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pulls server-sent events from a byte stream, one at a time, following the WHATWG HTML event-stream rules: lines end
 * in {@code \n}, {@code \r\n} or {@code \r}; a blank line dispatches; {@code :} starts a comment; several
 * {@code data:} lines join with {@code \n}. Blocks while the upstream is silent. Not thread-safe.
 *
 * <p>The upstream decides how long a line or an event is, so both are bounded: an event's data lines so far and the
 * line being read are kept in one array that never grows past the reader's limit, and an event (or a line, comments
 * included) that would exceed it fails the read with {@link EventTooLargeException}. Endless {@code data:} lines
 * without the blank line that ends an event therefore cost at most the limit, not the heap.
 */
public final class SseEventReader {
    /** The limit of a reader made without one: 8 MiB, room for an event carrying a whole image in base64. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;
    /** An event buffer grown past this is let go once its event is out, so an idle stream holds little. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final int FIRST_BUFFER_BYTES = 256;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    /** An event or a line longer than the reader's limit: the upstream's fault, not a reason to run out of memory. */
    public static final class EventTooLargeException extends IOException {
        private final int limit;

        EventTooLargeException(int limit) {
            super("server-sent event larger than " + limit + " bytes");
            this.limit = limit;
        }

        /** The limit that was exceeded, in bytes. */
        public int limit() {
            return limit;
        }
    }

    private final InputStream in;
    private final int maxEventBytes;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLineFeed;
    /** The event being read: its data so far in {@code [0, dataLength)}, then the line being read. */
    private byte[] event;
    private int dataLength;
    /** Where the data ends plus the line being read so far. */
    private int length;

    /** A reader with the {@link #DEFAULT_MAX_EVENT_BYTES default limit}. */
    public SseEventReader(InputStream in) {
        this(in, DEFAULT_MAX_EVENT_BYTES);
    }

    /**
     * @param maxEventBytes the most bytes one event (its data lines, joined) or one line may have
     * @throws IllegalArgumentException when the limit is below 1
     */
    public SseEventReader(InputStream in, int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be at least 1, was " + maxEventBytes);
        }
        this.in = in;
        this.maxEventBytes = maxEventBytes;
        this.event = new byte[Math.min(FIRST_BUFFER_BYTES, maxEventBytes)];
    }

    /**
     * The next event, or null when the stream has ended. An unterminated last event is still returned when it has
     * data, since some upstreams omit the final blank line.
     *
     * @throws EventTooLargeException when an event or a line exceeds the limit; the stream is then unusable
     * @throws IOException when reading fails
     */
    public SseEvent next() throws IOException {
        String eventName = null;
        boolean hasData = false;
        dataLength = 0;
        length = 0;
        while (true) {
            int lineStart = length;
            boolean read = readLine();
            int lineEnd = length;
            if (!read) {
                return hasData ? dispatch(eventName) : null;
            }
            if (lineEnd == lineStart) {
                if (hasData) {
                    return dispatch(eventName);
                }
                eventName = null;
                continue;
            }
            length = dataLength;
            if (event[lineStart] == ':') {
                continue;
            }
            int colon = indexOf(event, lineStart, lineEnd, (byte) ':');
            int fieldEnd = colon < 0 ? lineEnd : colon;
            int valueStart = colon < 0 ? lineEnd : colon + 1;
            if (valueStart < lineEnd && event[valueStart] == ' ') {
                valueStart++;
            }
            if (is(event, lineStart, fieldEnd, DATA)) {
                if (hasData) {
                    // lineStart == dataLength, and the value starts at least 5 bytes further: this only moves left
                    event[dataLength++] = '\n';
                }
                System.arraycopy(event, valueStart, event, dataLength, lineEnd - valueStart);
                dataLength += lineEnd - valueStart;
                length = dataLength;
                hasData = true;
            } else if (is(event, lineStart, fieldEnd, EVENT)) {
                eventName = new String(event, valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
            }
            // "id", "retry" and unknown fields: no upstream we speak to relies on them
        }
    }

    private SseEvent dispatch(String eventName) {
        SseEvent out = new SseEvent(eventName, new String(event, 0, dataLength, StandardCharsets.UTF_8));
        if (event.length > KEPT_BUFFER_BYTES) {
            event = new byte[Math.min(FIRST_BUFFER_BYTES, maxEventBytes)];
        }
        dataLength = 0;
        length = 0;
        return out;
    }

    /**
     * Reads one line onto the end of the event buffer; false when the stream ended before any byte of a line. A last
     * line without its ending counts as a line.
     */
    private boolean readLine() throws IOException {
        int start = length;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    return length > start;
                }
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int from = pos;
            while (pos < limit) {
                byte b = buf[pos];
                if (b == '\n' || b == '\r') {
                    append(from, pos - from);
                    pos++;
                    skipLineFeed = b == '\r';
                    return true;
                }
                pos++;
            }
            append(from, pos - from);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(int from, int count) throws EventTooLargeException {
        if (count == 0) {
            return;
        }
        int needed = length + count;
        if (needed > maxEventBytes || needed < 0) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (needed > event.length) {
            event = Arrays.copyOf(event, (int) Math.min(maxEventBytes, Math.max(2L * event.length, needed)));
        }
        System.arraycopy(buf, from, event, length, count);
        length = needed;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] bytes, int from, int to, byte[] name) {
        return to - from == name.length && Arrays.equals(bytes, from, to, name, 0, name.length);
    }
}
