package dev.aiproxy.routing.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A relayed stream's last bytes, kept in a ring as reads of every size pass. */
class StreamTailTest {
    /** An OpenAI chunk (https://platform.openai.com/docs/api-reference/chat-streaming), about 200 bytes. */
    private static final String CHUNK = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word\"},\"finish_reason\":null}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @Test
    void theLastBytesComeOutOldestFirstWhateverTheReadsSizes() {
        String stream = CHUNK.repeat(60) + DONE;
        for (int read : new int[] {1, 7, 200, 4095, 4096, 4097, stream.length()}) {
            StreamTail tail = feed(16, stream, read);
            assertThat(new String(tail.bytes(), StandardCharsets.US_ASCII)).as("reads of %d", read)
                    .isEqualTo(stream.substring(stream.length() - 16));
        }
        assertThat(feed(4096, "data: [DO", 3).bytes()).hasSize(9);
    }

    @Test
    void aStreamLongerThanTheTailEndsWholeOnlyWithItsLastEvent() {
        FormatCodec openAi = Codecs.of(ApiFormat.OPENAI_CHAT);
        String whole = CHUNK.repeat(60) + DONE;
        String cut = CHUNK.repeat(60);
        for (int read : new int[] {5, 200, 213, 4096, 5000}) {
            assertThat(feed(FormatCodec.STREAM_TAIL_BYTES, whole, read).endsWhole(openAi)).as("reads of %d", read)
                    .isTrue();
            assertThat(feed(FormatCodec.STREAM_TAIL_BYTES, cut, read).endsWhole(openAi)).as("reads of %d", read)
                    .isFalse();
        }
        assertThat(feed(FormatCodec.STREAM_TAIL_BYTES, DONE, 4).endsWhole(openAi)).isTrue();
    }

    /** The tail of {@code stream} passed in reads of {@code read} bytes, each from the start of a reused buffer. */
    private static StreamTail feed(int size, String stream, int read) {
        StreamTail tail = new StreamTail(size);
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[read];
        for (int at = 0; at < bytes.length; at += read) {
            int n = Math.min(read, bytes.length - at);
            System.arraycopy(bytes, at, buffer, 0, n);
            tail.keep(buffer, n);
        }
        return tail;
    }
}
