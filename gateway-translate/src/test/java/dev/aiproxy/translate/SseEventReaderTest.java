package dev.aiproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private static List<SseEvent> readAll(InputStream in) throws IOException {
        SseEventReader reader = new SseEventReader(in);
        List<SseEvent> out = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            out.add(e);
        }
        return out;
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns one byte per read, as a slow network would. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
    }

    @Test
    void readsNamedEventsAndDataOnlyEvents() throws IOException {
        List<SseEvent> events = readAll(stream("event: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n"));

        assertThat(events).containsExactly(new SseEvent("message_start", "{\"a\":1}"), new SseEvent(null, "[DONE]"));
    }

    @Test
    void acceptsCrLfAndCrLineEndingsAsGeminiSends() throws IOException {
        List<SseEvent> events = readAll(stream("data: one\r\n\r\ndata: two\r\rdata: three\n\n"));

        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two", "three");
    }

    @Test
    void joinsDataLinesAndSkipsCommentsAndUnknownFields() throws IOException {
        List<SseEvent> events = readAll(stream(": keep-alive\nid: 7\ndata: a\ndata:b\nretry: 10\n\n"));

        assertThat(events).containsExactly(new SseEvent(null, "a\nb"));
    }

    @Test
    void readsEventsSplitAcrossReadsByteByByte() throws IOException {
        String text = "event: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\ndata: caf\u00e9\n\n";

        assertThat(readAll(trickle(text))).containsExactly(
                new SseEvent("ping", "{\"type\":\"ping\"}"), new SseEvent(null, "caf\u00e9"));
    }

    @Test
    void returnsALastEventThatLacksTheFinalBlankLine() throws IOException {
        assertThat(readAll(stream("data: x\n\ndata: last"))).extracting(SseEvent::data).containsExactly("x", "last");
    }

    @Test
    void dispatchesNothingForBlankLinesAlone() throws IOException {
        assertThat(readAll(stream("\n\n\r\n"))).isEmpty();
    }

    /**
     * {@code line} again and again, counting the bytes read, as an upstream that never ends its event; it does end
     * after 16 MiB, so that a reader without a limit fails the test rather than the build.
     */
    private static final class Endless extends InputStream {
        private static final long MOST = 16L * 1024 * 1024;
        private final byte[] line;
        private long served;
        private int pos;

        Endless(String line) {
            this.line = line.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            if (served == MOST) {
                return -1;
            }
            served++;
            byte b = line[pos];
            pos = (pos + 1) % line.length;
            return b & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served == MOST) {
                return -1;
            }
            int n = (int) Math.min(len, MOST - served);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }

    @Test
    void failsAnEventWhoseDataLinesNeverEndOnceTheyPassTheLimit() {
        Endless upstream = new Endless("data: 0123456789abcdef\n");
        SseEventReader reader = new SseEventReader(upstream, 4096);

        assertThatThrownBy(reader::next).isInstanceOf(SseEventReader.EventTooLargeException.class)
                .hasMessage("server-sent event larger than 4096 bytes");
        assertThat(upstream.served).isLessThan(4096 + 2 * 8192);
    }

    @Test
    void failsALineThatNeverEndsOnceItPassesTheLimit() {
        Endless upstream = new Endless("x");
        SseEventReader reader = new SseEventReader(upstream, 1000);

        assertThatThrownBy(reader::next).isInstanceOf(SseEventReader.EventTooLargeException.class)
                .satisfies(e -> assertThat(((SseEventReader.EventTooLargeException) e).limit()).isEqualTo(1000));
    }

    @Test
    void keepsNothingOfCommentLinesSoManyOfThemFitAnySmallLimit() throws IOException {
        String comments = ": ping\n".repeat(10_000);

        assertThat(readAll(new SseEventReader(stream(comments + "data: x\n\n"), 64))).containsExactly(
                new SseEvent(null, "x"));
    }

    @Test
    void acceptsAnEventOfExactlyTheLimitJoinedFromSeveralLines() throws IOException {
        // "data: " + 10 bytes, twice: the joined data is 21 bytes, the second line's 16 come on top of the first's 10
        String text = "data: 0123456789\ndata: 0123456789\n\ndata: next\n\n";
        SseEventReader reader = new SseEventReader(stream(text), 10 + 16);

        assertThat(reader.next()).isEqualTo(new SseEvent(null, "0123456789\n0123456789"));
        assertThat(reader.next()).isEqualTo(new SseEvent(null, "next"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void refusesAnEventOneByteOverTheLimit() {
        SseEventReader reader = new SseEventReader(stream("data: 0123456789\ndata: 0123456789\n\n"), 10 + 15);

        assertThatThrownBy(reader::next).isInstanceOf(SseEventReader.EventTooLargeException.class);
    }

    @Test
    void readsLargeEventsOneAfterAnotherWithinTheLimit() throws IOException {
        String big = "y".repeat(100_000);
        SseEventReader reader = new SseEventReader(stream(("event: e\ndata: " + big + "\n\n").repeat(3)), 200_000);

        for (int i = 0; i < 3; i++) {
            assertThat(reader.next()).isEqualTo(new SseEvent("e", big));
        }
        assertThat(reader.next()).isNull();
    }

    private static List<SseEvent> readAll(SseEventReader reader) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            out.add(e);
        }
        return out;
    }
}
