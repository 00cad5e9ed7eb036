package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.translate.StreamEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A translated stream: each upstream event is decoded to canonical events, encoded in the client's format and
 * flushed before the next upstream event is read. An upstream failure after the first byte becomes an error event in
 * the client's format, and the stream ends cleanly.
 */
final class TranslatedStreamBody implements GatewayResponse.Streamed {
    private final UpstreamEvents events;
    private final StreamEncoder encoder;

    TranslatedStreamBody(UpstreamEvents events, StreamEncoder encoder) {
        this.events = events;
        this.encoder = encoder;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try {
            List<StreamEvent> batch;
            while ((batch = events.next()) != null) {
                if (batch.isEmpty()) {
                    continue;
                }
                for (StreamEvent event : batch) {
                    encoder.encode(event, out);
                }
                out.flush();
            }
        } catch (GatewayException e) {
            encoder.encodeError(e, out);
            out.flush();
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
