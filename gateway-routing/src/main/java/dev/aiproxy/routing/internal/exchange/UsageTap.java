package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.internal.bytes.ByteScan;
import dev.aiproxy.translate.FormatCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    /**
     * The start of an event that a read cut off, kept until its end arrives. An event that lies whole within one read,
     * which is how most arrive, is looked at where it lies and never copied.
     */
    private byte[] pending = new byte[0];
    private int pendingLength;
    private boolean overflow;
    private int newlines;
    private Usage usage;

    UsageTap(FormatCodec codec) {
        this.codec = codec;
    }

    void accept(byte[] bytes, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (++newlines == 2) {
                    newlines = 0;
                    if (pendingLength == 0 && !overflow) {
                        event(bytes, start, i + 1);
                    } else {
                        append(bytes, start, i + 1 - start);
                        if (!overflow) {
                            event(pending, 0, pendingLength);
                        }
                        pendingLength = 0;
                        overflow = false;
                    }
                    start = i + 1;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        append(bytes, start, end - start);
    }

    /** The usage the stream reported so far, or null when it reported none (or its events were too large). */
    Usage usage() {
        if (pendingLength > 0 && !overflow) {
            event(pending, 0, pendingLength);
        }
        pendingLength = 0;
        return usage;
    }

    private void append(byte[] bytes, int off, int len) {
        if (overflow || len <= 0) {
            return;
        }
        if (pendingLength + len > MAX_BYTES) {
            overflow = true;
            pendingLength = 0;
            pending = new byte[0];
            return;
        }
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(MAX_BYTES, Math.max(pendingLength + len, pending.length * 2)));
        }
        System.arraycopy(bytes, off, pending, pendingLength, len);
        pendingLength += len;
    }

    /** A complete SSE event, {@code bytes} from {@code from} to {@code to}: its data is read if it mentions usage. */
    private void event(byte[] bytes, int from, int to) {
        if (!mentionsUsage(bytes, from, to)) {
            return;
        }
        byte[] data = data(bytes, from, to);
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
    static boolean mentionsUsage(byte[] event, int from, int to) {
        for (int at = ByteScan.indexOf(event, from, to, USAGE); at >= 0;
                at = ByteScan.indexOf(event, at + 1, to, USAGE)) {
            if (!nullKey(event, from, to, at)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the {@code usage} at {@code at} is exactly the key {@code "usage"} with the value {@code null}. */
    private static boolean nullKey(byte[] event, int from, int to, int at) {
        int after = at + USAGE.length;
        if (at == from || event[at - 1] != '"' || after >= to || event[after] != '"') {
            return false;
        }
        int i = skipSpaces(event, after + 1, to);
        if (i >= to || event[i] != ':') {
            return false;
        }
        i = skipSpaces(event, i + 1, to);
        if (i + NULL.length > to || !ByteScan.startsWith(event, i, NULL)) {
            return false;
        }
        int end = skipSpaces(event, i + NULL.length, to);
        return end < to && (event[end] == ',' || event[end] == '}');
    }

    private static int skipSpaces(byte[] bytes, int i, int to) {
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** The event's data lines' values, one after another (after {@code data:} and one optional space). */
    static byte[] data(byte[] event, int from, int to) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(to - from);
        int line = from;
        while (line < to) {
            int end = line;
            while (end < to && event[end] != '\n') {
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
