package dev.aiproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

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
}
