package dev.aiproxy.translate.internal.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes SSE frames: {@code event:} (optional) and one {@code data:} line, then the blank line. */
public final class Sse {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private Sse() {
    }

    /**
     * Writes one event. {@code json} must not contain a raw newline, which compact JSON never does.
     *
     * @param event the event name, or null for a data-only event
     */
    public static void write(OutputStream out, String event, byte[] json) throws IOException {
        head(out, event);
        out.write(json);
        out.write(END);
    }

    /** Writes one event whose data is the document {@code json} holds; see {@link #write(OutputStream, String, byte[])}. */
    public static void write(OutputStream out, String event, JsonEventBuffer json) throws IOException {
        head(out, event);
        json.writeTo(out);
        out.write(END);
    }

    /** The {@code event:} line, if any, and the start of the {@code data:} line. */
    private static void head(OutputStream out, String event) throws IOException {
        if (event != null) {
            out.write(EVENT);
            out.write(event.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        out.write(DATA);
    }
}
