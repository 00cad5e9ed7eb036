package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.internal.bytes.ByteScan;
import dev.aiproxy.translate.FormatCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the token usage out of a stream relayed byte for byte, without decoding it: only the events that mention
 * usage are parsed. Fed the bytes as they pass to the client; one per stream, not thread-safe.
 */
final class UsageTap {
    /** A larger event is skipped: usage is then unknown, never a reason to hold memory. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final byte[] USAGE = "usage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final FormatCodec codec;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
    private boolean overflow;
    private int newlines;
    private Usage usage;

    UsageTap(FormatCodec codec) {
        this.codec = codec;
    }

    void accept(byte[] bytes, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (++newlines == 2) {
                    append(bytes, start, i + 1 - start);
                    event();
                    start = i + 1;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        append(bytes, start, off + len - start);
    }

    /** The usage the stream reported so far, or null when it reported none (or its events were too large). */
    Usage usage() {
        if (pending.size() > 0) {
            event();
        }
        return usage;
    }

    private void append(byte[] bytes, int off, int len) {
        if (overflow || len <= 0) {
            return;
        }
        if (pending.size() + len > MAX_BYTES) {
            overflow = true;
            pending.reset();
            return;
        }
        pending.write(bytes, off, len);
    }

    /** One complete SSE event is pending: read its data when it mentions usage. */
    private void event() {
        byte[] event = pending.toByteArray();
        pending.reset();
        newlines = 0;
        if (overflow) {
            overflow = false;
            return;
        }
        if (!mentionsUsage(event)) {
            return;
        }
        byte[] data = data(event);
        if (data.length > 0) {
            merge(codec.usageOf(data));
        }
    }

    /**
     * Whether the event names usage other than as a key whose value is null. An OpenAI stream asked for its usage
     * carries {@code "usage":null} in every chunk but the last, and parsing each of them was a third of what relaying
     * such a stream cost (JFR, 20 connections; docs/performance.md). A quoted {@code "usage"} followed by a colon and
     * {@code null} can only be a key with a null value in JSON: a string value is followed by a comma or a bracket.
     */
    static boolean mentionsUsage(byte[] event) {
        for (int at = ByteScan.indexOf(event, USAGE); at >= 0; at = ByteScan.indexOf(event, USAGE, at + 1)) {
            if (!nullKey(event, at)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the {@code usage} at {@code at} is exactly the key {@code "usage"} with the value {@code null}. */
    private static boolean nullKey(byte[] event, int at) {
        int after = at + USAGE.length;
        if (at == 0 || event[at - 1] != '"' || after >= event.length || event[after] != '"') {
            return false;
        }
        int i = skipSpaces(event, after + 1);
        if (i >= event.length || event[i] != ':') {
            return false;
        }
        i = skipSpaces(event, i + 1);
        if (!ByteScan.startsWith(event, i, NULL)) {
            return false;
        }
        int end = skipSpaces(event, i + NULL.length);
        return end < event.length && (event[end] == ',' || event[end] == '}');
    }

    private static int skipSpaces(byte[] bytes, int i) {
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The event's data lines' values, one after another (after {@code data:} and one optional space). */
    static byte[] data(byte[] event) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(event.length);
        int line = 0;
        while (line < event.length) {
            int end = line;
            while (end < event.length && event[end] != '\n') {
                end++;
            }
            int last = end > line && event[end - 1] == '\r' ? end - 1 : end;
            if (last - line >= DATA.length && ByteScan.startsWith(event, line, DATA)) {
                int value = line + DATA.length;
                if (value < last && event[value] == ' ') {
                    value++;
                }
                data.write(event, value, last - value);
            }
            line = end + 1;
        }
        return data.toByteArray();
    }

    private void merge(Usage found) {
        if (found != null) {
            usage = usage == null ? found : usage.max(found);
        }
    }
}
