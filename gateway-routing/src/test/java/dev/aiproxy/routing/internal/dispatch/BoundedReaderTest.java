package dev.aiproxy.routing.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedReaderTest {
    private static final int MIB = 1024 * 1024;

    private static UpstreamResponse answer(long declared, byte[] body) {
        return answer(declared, new ByteArrayInputStream(body));
    }

    private static UpstreamResponse answer(long declared, InputStream body) {
        Map<String, List<String>> headers = declared < 0 ? Map.of()
                : Map.of("Content-Length", List.of(Long.toString(declared)));
        return new UpstreamResponse(200, headers, body);
    }

    /** What this thread allocated so far, in bytes (HotSpot counts it per thread). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void allocatesForTheBytesThatArriveNotForTheLengthDeclared() {
        UpstreamResponse liar = answer(60L * MIB, "{\"id\":\"chatcmpl-1\"".getBytes());
        long before = allocated();

        assertThatThrownBy(() -> BoundedReader.readAll(liar, 64 * MIB, "answer"))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("the upstream's answer ended after 18 of its 62914560 bytes");
        assertThat(allocated() - before).isLessThan(MIB);
    }

    @Test
    void readsASmallDeclaredAnswerIntoOneArrayOfExactlyItsLength() {
        byte[] body = new byte[BoundedReader.TRUSTED_LENGTH];
        Arrays.fill(body, (byte) 'z');
        UpstreamResponse small = answer(body.length, body);
        long before = allocated();

        byte[] read = BoundedReader.readAll(small, 64 * MIB, "answer");

        // one array of the body's size and a little more; growing to it would have taken about twice as much
        assertThat(allocated() - before).isLessThan(body.length + 8192);
        assertThat(read).isEqualTo(body);
    }

    @Test
    void readsALargeDeclaredAnswerWhole() {
        byte[] body = new byte[5 * MIB + 3];
        Arrays.fill(body, (byte) 'a');

        assertThat(BoundedReader.readAll(answer(body.length, body), 16 * MIB, "answer")).isEqualTo(body);
    }

    @Test
    void readsAnAnswerOfUnknownLengthUpToTheLimitExactly() {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'b');

        assertThat(BoundedReader.readAll(answer(-1, body), 100_000, "answer")).isEqualTo(body);
        assertThatThrownBy(() -> BoundedReader.readAll(answer(-1, body), 99_999, "answer"))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("the upstream's answer is larger than 99999 bytes (sent more)");
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingAByte() throws java.io.IOException {
        InputStream unread = new ByteArrayInputStream(new byte[10]);

        assertThatThrownBy(() -> BoundedReader.readAll(answer(16L * MIB + 1, unread), 16 * MIB, "answer"))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("the upstream's answer is larger than 16777216 bytes (declares 16777217 bytes)")
                .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
        assertThat(unread.available()).isEqualTo(10);
    }

    @Test
    void anAnswerShorterThanASmallDeclaredLengthIsCutShort() {
        assertThatThrownBy(() -> BoundedReader.readAll(answer(100, new byte[40]), 64 * MIB, "answer"))
                .hasMessage("the upstream's answer ended after 40 of its 100 bytes");
    }
}
