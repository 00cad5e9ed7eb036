package dev.aiproxy.translate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pulls server-sent events from a byte stream, one at a time, following the WHATWG HTML event-stream rules: lines end
 * in {@code \n}, {@code \r\n} or {@code \r}; a blank line dispatches; {@code :} starts a comment; several
 * {@code data:} lines join with {@code \n}. Blocks while the upstream is silent. Not thread-safe.
 */
public final class SseEventReader {
    /** A longer line is an upstream fault, not a reason to run out of memory. */
    public static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLineFeed;
    private byte[] line = new byte[256];
    private int lineLength;

    public SseEventReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, or null when the stream has ended. An unterminated last event is still returned when it has
     * data, since some upstreams omit the final blank line.
     *
     * @throws IOException when reading fails or a line exceeds {@link #MAX_LINE_BYTES}
     */
    public SseEvent next() throws IOException {
        String eventName = null;
        StringBuilder data = null;
        while (true) {
            String text = readLine();
            if (text == null) {
                return data == null ? null : new SseEvent(eventName, data.toString());
            }
            if (text.isEmpty()) {
                if (data != null) {
                    return new SseEvent(eventName, data.toString());
                }
                eventName = null;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value.length());
                    } else {
                        data.append('\n');
                    }
                    data.append(value);
                }
                case "event" -> eventName = value;
                default -> {
                    // "id", "retry" and unknown fields: no upstream we speak to relies on them
                }
            }
        }
    }

    private String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    return lineLength == 0 ? null : lineText();
                }
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit) {
                byte b = buf[pos];
                if (b == '\n' || b == '\r') {
                    append(start, pos - start);
                    pos++;
                    skipLineFeed = b == '\r';
                    return lineText();
                }
                pos++;
            }
            append(start, pos - start);
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

    private void append(int start, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (lineLength + length > MAX_LINE_BYTES) {
            throw new IOException("server-sent event line longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buf, start, line, lineLength, length);
        lineLength += length;
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.UTF_8);
    }
}
