package dev.aiproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How passthrough tells a relayed stream that ended from one cut short: its last event, from its last bytes. */
class StreamEndsWholeTest {

    private static boolean endsWhole(ApiFormat format, byte[] stream) {
        byte[] tail = Arrays.copyOfRange(stream, Math.max(0, stream.length - FormatCodec.STREAM_TAIL_BYTES),
                stream.length);
        return Codecs.of(format).streamEndsWhole(tail, tail.length);
    }

    /** The stream without its last event (and the blank line after it). */
    private static byte[] withoutLastEvent(byte[] stream) {
        String text = new String(stream, StandardCharsets.UTF_8).stripTrailing();
        int cut = Math.max(text.lastIndexOf("\n\n"), text.lastIndexOf("\r\n\r\n"));
        return text.substring(0, cut + 2).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"OPENAI_CHAT, openai/chat-completion-stream.sse",
            "OPENAI_CHAT, openai/chat-completion-stream-tool-call.sse",
            "ANTHROPIC_MESSAGES, anthropic/stream-text.sse", "ANTHROPIC_MESSAGES, anthropic/stream-tool-use.sse",
            "GEMINI, gemini/stream-text.sse", "GEMINI, gemini/stream-function-call.sse"})
    void aWholeStreamEndsWholeAndTheSameWithoutItsLastEventDoesNot(ApiFormat format, String fixture) {
        byte[] stream = Fixtures.bytes(fixture);
        assertThat(endsWhole(format, stream)).isTrue();
        assertThat(endsWhole(format, withoutLastEvent(stream))).isFalse();
    }

    @Test
    void aStreamThatEndsWithAnErrorEventHasEnded() {
        assertThat(endsWhole(ApiFormat.ANTHROPIC_MESSAGES, Fixtures.bytes("anthropic/stream-error.sse"))).isTrue();
        assertThat(endsWhole(ApiFormat.OPENAI_CHAT, ("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n").getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void aMarkerInsideTheAnswersTextOrInAnEarlierEventDoesNotCount() {
        String textSayingDone = "data: {\"choices\":[{\"delta\":{\"content\":\"say [DONE] or \\\"error\\\"\"}}]}\n\n";
        assertThat(endsWhole(ApiFormat.OPENAI_CHAT, ("data: {\"choices\":[]}\n\n" + textSayingDone)
                .getBytes(StandardCharsets.UTF_8))).as("the text's own words").isFalse();
        assertThat(endsWhole(ApiFormat.ANTHROPIC_MESSAGES, ("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
                + "event: ping\ndata: {\"type\":\"ping\"}\n\n").getBytes(StandardCharsets.UTF_8)))
                .as("an end followed by more events").isFalse();
    }

    @Test
    void theErrorEventOfEachFormatIsWhatItsSdksRead() throws IOException {
        UpstreamException error = UpstreamException.cutShort("its last event");
        for (ApiFormat format : ApiFormat.values()) {
            if (!format.isClientFormat()) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Codecs.of(format).encodeStreamError(error, out);
            String event = out.toString(StandardCharsets.UTF_8);
            assertThat(event).as(format.id()).contains("data: ").matches("(?s).*(\n\n|\r\n\r\n)")
                    .contains("upstream stream ended before its last event");
            assertThat(endsWhole(format, out.toByteArray())).as("an error event ends a stream, " + format.id()).isTrue();
        }
    }
}
