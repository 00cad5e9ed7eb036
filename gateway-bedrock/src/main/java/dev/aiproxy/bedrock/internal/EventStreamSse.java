package dev.aiproxy.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * A Bedrock stream ({@code application/vnd.amazon.eventstream}, https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html
 * describes the framing) read as server-sent events, one per frame, so that the gateway's codecs read it as they read
 * any stream: {@link BedrockApi#event} says what each frame becomes. Frames are decoded, and their checksums checked,
 * by AWS's {@link MessageDecoder}; each event is handed on as soon as its frame is whole. An exception frame
 * ({@code :message-type: exception} or {@code error}) becomes the error event of the codec's format, so it never
 * reads as a complete answer; a stream that ends inside a frame, or a frame that cannot be read, fails the read with
 * an {@link IOException}. Not thread-safe.
 */
final class EventStreamSse extends InputStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    /** A frame's bytes besides its headers and payload: the prelude (12) and the message checksum (4). */
    private static final int FRAME_OVERHEAD = 16;

    private final InputStream upstream;
    private final BedrockApi api;
    private final MessageDecoder decoder = new MessageDecoder(this::accept);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
    private final byte[] buffer = new byte[8192];
    private byte[] ready = new byte[0];
    private int position;
    private long fed;
    private long decoded;
    private IOException failure;
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

    /** Reads upstream until at least one event is ready; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        pending.reset();
        while (pending.size() == 0) {
            int n = upstream.read(buffer);
            if (n < 0) {
                ended = true;
                if (fed != decoded) {
                    throw new IOException("Bedrock's event stream ended inside a frame (" + (fed - decoded)
                            + " bytes of it came)");
                }
                return false;
            }
            fed += n;
            try {
                decoder.feed(buffer, 0, n);
            } catch (RuntimeException e) {
                throw new IOException("Bedrock sent an unreadable event-stream frame: " + e.getMessage(), e);
            }
            if (failure != null) {
                throw failure;
            }
        }
        ready = pending.toByteArray();
        position = 0;
        return true;
    }

    private void accept(Message frame) {
        Map<String, HeaderValue> headers = frame.getHeaders();
        decoded += FRAME_OVERHEAD + Message.encodeHeaders(headers.entrySet()).length + frame.getPayload().length;
        if (failure != null) {
            return;
        }
        try {
            BedrockApi.SseFrame event = switch (header(headers, ":message-type", "event")) {
                case "event" -> api.event(header(headers, ":event-type", ""), frame.getPayload());
                case "exception" -> api.exception(header(headers, ":exception-type", "internalServerException"),
                        message(frame.getPayload()));
                case "error" -> api.exception(header(headers, ":error-code", "internalServerException"),
                        header(headers, ":error-message", "Bedrock's stream failed"));
                default -> null;
            };
            if (event != null) {
                pending.write(EVENT);
                pending.write(event.event().getBytes(StandardCharsets.UTF_8));
                pending.write(DATA);
                pending.write(event.data());
                pending.write(END);
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io
                    : new IOException("Bedrock sent an unreadable stream frame: " + e.getMessage(), e);
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
