package dev.aiproxy.translate;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.StreamEvent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes canonical {@link StreamEvent}s as one client format's SSE events. Single use, not thread-safe. It only
 * writes; the caller flushes, once per upstream event, so each event leaves when it is ready.
 */
public interface StreamEncoder {

    /** The {@code Content-Type} of the stream. */
    default String contentType() {
        return "text/event-stream";
    }

    /**
     * Writes what the event means in this format, possibly nothing.
     *
     * @throws IOException when the client connection fails
     */
    void encode(StreamEvent event, OutputStream out) throws IOException;

    /**
     * Writes an error event that ends the stream, in this format's shape.
     *
     * @throws IOException when the client connection fails
     */
    void encodeError(GatewayException error, OutputStream out) throws IOException;
}
