package dev.aiproxy.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Bedrock's streams as it sends them ({@code application/vnd.amazon.eventstream}), encoded by AWS's own library:
 * InvokeModelWithResponseStream's {@code chunk} frames
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html),
 * ConverseStream's named events (API_runtime_ConverseStream.html) and the exception frames that end a failed stream.
 */
public final class BedrockFrames {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Each {@code data:} line of an Anthropic SSE stream as a {@code chunk} frame whose {@code bytes} is its JSON. */
    public BedrockFrames chunks(byte[] sse) {
        for (String line : new String(sse, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data: ")) {
                String bytes = Base64.getEncoder().encodeToString(line.substring(6).getBytes(StandardCharsets.UTF_8));
                event("chunk", "{\"bytes\":\"" + bytes + "\",\"p\":\"abcdefghijklmnop\"}");
            }
        }
        return this;
    }

    /** A JSON list of {@code [eventType, payload]}, one event frame each. */
    public BedrockFrames events(byte[] events) {
        try {
            for (JsonNode event : JSON.readTree(events)) {
                event(event.get(0).textValue(), JSON.writeValueAsString(event.get(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One event frame with the headers Bedrock sends. */
    public BedrockFrames event(String eventType, String payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return write(new Message(headers, payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** An exception frame, as Bedrock ends a stream that failed. */
    public BedrockFrames exception(String exceptionType, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return write(new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    private BedrockFrames write(Message frame) {
        ByteBuffer buffer = frame.toByteBuffer();
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        return this;
    }

    /** The frames so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }
}
