package dev.aiproxy.translate.testing;

import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs SSE bytes through a codec's stream halves, and reads written SSE back, for stream tests. */
public final class SseStreams {
    private SseStreams() {
    }

    /** Every event of {@code bytes}, as a client's SSE parser would dispatch them. */
    public static List<SseEvent> read(byte[] bytes) {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(bytes));
        List<SseEvent> out = new ArrayList<>();
        try {
            SseEvent e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The canonical events a codec's decoder makes of a fixture, {@code finish()} included. */
    public static List<StreamEvent> decode(FormatCodec codec, String fixture) {
        return decode(codec, read(Fixtures.bytes(fixture)));
    }

    /** The canonical events a codec's decoder makes of {@code events}, {@code finish()} included. */
    public static List<StreamEvent> decode(FormatCodec codec, List<SseEvent> events) {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        for (SseEvent e : events) {
            out.addAll(decoder.decode(e));
        }
        out.addAll(decoder.finish());
        return out;
    }

    /** The bytes an encoder writes for {@code events}. */
    public static byte[] encode(StreamEncoder encoder, List<StreamEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (StreamEvent e : events) {
                encoder.encode(e, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
