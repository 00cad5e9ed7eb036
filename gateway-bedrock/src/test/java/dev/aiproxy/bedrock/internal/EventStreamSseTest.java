package dev.aiproxy.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Bedrock's event-stream frames (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html,
 * API_runtime_ConverseStream.html), encoded by AWS's own library, read as server-sent events.
 */
class EventStreamSseTest {
    private static byte[] frame(String messageType, String typeHeader, String type, String payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(typeHeader, HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString(messageType));
        ByteBuffer buffer = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit());
    }

    private static byte[] event(String type, String payload) {
        return frame("event", ":event-type", type, payload);
    }

    private static byte[] chunk(String anthropicEvent) {
        return event("chunk", "{\"bytes\":\"" + Base64.getEncoder().encodeToString(
                anthropicEvent.getBytes(StandardCharsets.UTF_8)) + "\",\"p\":\"abcdefgh\"}");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String read(byte[] stream, BedrockApi api) throws IOException {
        try (InputStream in = new EventStreamSse(new ByteArrayInputStream(stream), api)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachClaudeChunkIsTheAnthropicEventItCarries() throws IOException {
        String sse = read(concat(chunk("{\"type\":\"message_stop\"}"),
                chunk("{\"type\":\"content_block_stop\",\"index\":0}")), BedrockApi.MESSAGES);

        assertThat(sse).isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    }

    @Test
    void eachConverseFrameIsAnEventNamedForItsType() throws IOException {
        String sse = read(concat(event("messageStart", "{\"role\":\"assistant\"}"),
                event("messageStop", "{\"stopReason\":\"end_turn\"}")), BedrockApi.CONVERSE);

        assertThat(sse).isEqualTo("event: messageStart\ndata: {\"role\":\"assistant\"}\n\n"
                + "event: messageStop\ndata: {\"stopReason\":\"end_turn\"}\n\n");
    }

    @Test
    void anExceptionFrameIsAnAnthropicErrorEventForClaude() throws IOException {
        String sse = read(frame("exception", ":exception-type", "throttlingException",
                "{\"message\":\"Too many tokens\"}"), BedrockApi.MESSAGES);

        assertThat(sse).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"Too many tokens\"}}\n\n");
    }

    @Test
    void anExceptionFrameIsAnEventNamedForTheExceptionForConverse() throws IOException {
        String sse = read(frame("exception", ":exception-type", "modelStreamErrorException",
                "{\"message\":\"The model failed\"}"), BedrockApi.CONVERSE);

        assertThat(sse).isEqualTo("event: modelStreamErrorException\ndata: {\"message\":\"The model failed\"}\n\n");
    }

    @Test
    void eventsAreHandedOnAsEachFrameIsWholeNotAtTheEnd() throws IOException {
        byte[] first = event("messageStart", "{\"role\":\"assistant\"}");
        InputStream trickle = new InputStream() {
            private final byte[] bytes = concat(first, event("messageStop", "{}"));
            private int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at == first.length) {
                    throw new AssertionError("read past the first frame before handing on its event");
                }
                return super.read(b, off, Math.min(len, first.length - at));
            }
        };

        try (InputStream in = new EventStreamSse(trickle, BedrockApi.CONVERSE)) {
            byte[] buffer = new byte[256];
            int n = in.read(buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).startsWith("event: messageStart\n");
        }
    }

    @Test
    void aStreamThatEndsInsideAFrameFailsTheRead() {
        byte[] whole = concat(event("messageStart", "{\"role\":\"assistant\"}"), event("messageStop", "{}"));

        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 5), BedrockApi.CONVERSE))
                .isInstanceOf(IOException.class).hasMessageContaining("ended inside a frame");
    }

    @Test
    void aFrameWhoseChecksumIsWrongFailsTheRead() {
        byte[] frame = event("messageStart", "{\"role\":\"assistant\"}");
        frame[frame.length - 6] ^= 0x01;

        assertThatThrownBy(() -> read(frame, BedrockApi.CONVERSE))
                .isInstanceOf(IOException.class).hasMessageContaining("unreadable");
    }

    @Test
    void aFrameThatDeclaresMoreThanTheBoundFailsTheReadBeforeItIsHeld() {
        byte[] frame = event("messageStart", "{\"role\":\"assistant\"}");
        ByteBuffer.wrap(frame).putInt(0, EventStreamSse.MAX_FRAME_BYTES + 1);

        assertThatThrownBy(() -> read(frame, BedrockApi.CONVERSE))
                .isInstanceOf(IOException.class).hasMessageContaining("at most " + EventStreamSse.MAX_FRAME_BYTES);
    }

    @Test
    void aClaudeChunkWithoutBytesFailsTheRead() {
        assertThatThrownBy(() -> read(event("chunk", "{\"p\":\"abc\"}"), BedrockApi.MESSAGES))
                .isInstanceOf(IOException.class).hasMessageContaining("without 'bytes'");
    }
}
