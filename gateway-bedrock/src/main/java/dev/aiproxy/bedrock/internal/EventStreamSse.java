package dev.aiproxy.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A Bedrock stream ({@code application/vnd.amazon.eventstream}: each frame a 4-byte total length, a 4-byte headers
 * length, a prelude checksum, headers, payload and a message checksum) read as server-sent events, one per frame, so
 * that the gateway's codecs read it as they read any stream: {@link BedrockApi#event} says what each frame becomes.
 * Each frame is read whole, by its declared length, and decoded, its checksums checked, by AWS's
 * {@link Message#decode}; its event is handed on at once. An exception frame ({@code :message-type: exception} or
 * {@code error}) becomes the error event of the codec's format, so it never reads as a complete answer; a stream that
 * ends inside a frame, a frame that cannot be read, or one that declares more than {@link #MAX_FRAME_BYTES}, fails
 * the read with an {@link IOException}. Not thread-safe.
 */
final class EventStreamSse extends InputStream {
    /**
     * The largest frame read: the gateway's default {@code limits.max-stream-event}. The format allows 16 MiB of
     * payload, more than a hostile upstream should make one stream hold.
     */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** The prelude (total length, headers length, checksum) and the message checksum. */
    private static final int FRAME_OVERHEAD = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final InputStream upstream;
    private final BedrockApi api;
    private byte[] ready = new byte[0];
    private int position;
    private boolean ended;

    EventStreamSse(InputStream upstream, BedrockApi api) {
        this.upstream = upstream;
        this.api = api;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == ready.length) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, ready.length - position);
        System.arraycopy(ready, position, into, offset, n);
        position += n;
        return n;
    }

    /** Reads frames until one becomes an event; false at the end of the stream, between two frames. */
    private boolean fill() throws IOException {
        while (!ended) {
            Message frame = nextFrame();
            if (frame == null) {
                ended = true;
                return false;
            }
            BedrockApi.SseFrame event = event(frame);
            if (event != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(event.data().length + 64);
                out.write(EVENT);
                out.write(event.event().getBytes(StandardCharsets.UTF_8));
                out.write(DATA);
                out.write(event.data());
                out.write(END);
                ready = out.toByteArray();
                position = 0;
                return true;
            }
        }
        return false;
    }

    /** The next whole frame, or null when the stream ended where a frame would begin. */
    private Message nextFrame() throws IOException {
        byte[] length = upstream.readNBytes(4);
        if (length.length == 0) {
            return null;
        }
        if (length.length < 4) {
            throw cut(length.length);
        }
        int total = ByteBuffer.wrap(length).getInt();
        if (total < FRAME_OVERHEAD || total > MAX_FRAME_BYTES) {
            throw new IOException("Bedrock sent a stream frame of " + Integer.toUnsignedString(total) + " bytes (at "
                    + "least " + FRAME_OVERHEAD + ", at most " + MAX_FRAME_BYTES + ")");
        }
        byte[] bytes = new byte[total];
        System.arraycopy(length, 0, bytes, 0, 4);
        int n = upstream.readNBytes(bytes, 4, total - 4);
        if (n < total - 4) {
            throw cut(4 + n);
        }
        try {
            return Message.decode(ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IOException("Bedrock sent an unreadable event-stream frame: " + e.getMessage(), e);
        }
    }

    private static IOException cut(int came) {
        return new IOException("Bedrock's event stream ended inside a frame (" + came + " bytes of it came)");
    }

    private BedrockApi.SseFrame event(Message frame) throws IOException {
        Map<String, HeaderValue> headers = frame.getHeaders();
        try {
            return switch (header(headers, ":message-type", "event")) {
                case "event" -> api.event(header(headers, ":event-type", ""), frame.getPayload());
                case "exception" -> api.exception(header(headers, ":exception-type", "internalServerException"),
                        message(frame.getPayload()));
                case "error" -> api.exception(header(headers, ":error-code", "internalServerException"),
                        header(headers, ":error-message", "Bedrock's stream failed"));
                default -> null;
            };
        } catch (RuntimeException e) {
            throw new IOException("Bedrock sent an unreadable stream frame: " + e.getMessage(), e);
        }
    }

    private static String header(Map<String, HeaderValue> headers, String name, String absent) {
        HeaderValue value = headers.get(name);
        return value == null ? absent : value.getString();
    }

    /** An exception frame's {@code message}, or its payload as text when it has none. */
    private static String message(byte[] payload) {
        try {
            JsonNode root = JSON.readTree(payload);
            JsonNode message = root == null ? null : root.has("message") ? root.get("message") : root.get("Message");
            if (message != null && message.isTextual()) {
                return message.textValue();
            }
        } catch (IOException notJson) {
            // shown as it came
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
