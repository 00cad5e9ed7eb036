package dev.aiproxy.translate.responses;

import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs fixtures through a codec's stream halves and reads what they wrote, as the tests of this package need. */
final class ResponsesStreams {
    private ResponsesStreams() {
    }

    static List<SseEvent> read(byte[] bytes) {
        try {
            SseEventReader reader = new SseEventReader(new ByteArrayInputStream(bytes));
            List<SseEvent> out = new ArrayList<>();
            SseEvent e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical events a codec decodes from a fixture, {@code finish()} included. */
    static List<StreamEvent> decode(FormatCodec codec, String fixture) {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent e : read(Fixtures.bytes(fixture))) {
            events.addAll(decoder.decode(e));
        }
        events.addAll(decoder.finish());
        return events;
    }

    /** The SSE events a codec writes for canonical events. */
    static List<SseEvent> encode(FormatCodec codec, ChatRequest request, List<StreamEvent> events) {
        StreamEncoder encoder = codec.newStreamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (StreamEvent e : events) {
                encoder.encode(e, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(out.toByteArray());
    }

    /** An event parsed by the openai-java SDK's own mapper, every field it requires checked. */
    static ResponseStreamEvent parseWithSdk(SseEvent event) {
        try {
            return ObjectMappers.jsonMapper().readValue(event.data(), ResponseStreamEvent.class).validate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
