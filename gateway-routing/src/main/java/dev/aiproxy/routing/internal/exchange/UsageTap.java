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
        if (ByteScan.indexOf(event, USAGE) < 0) {
            return;
        }
        StringBuilder data = new StringBuilder();
        for (String line : new String(event, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        if (!data.isEmpty()) {
            merge(codec.usageOf(data.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void merge(Usage found) {
        if (found != null) {
            usage = usage == null ? found : usage.max(found);
        }
    }
}
