package dev.aiproxy.translate;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StreamEvent;
import java.util.List;

/**
 * Turns one upstream's SSE events into canonical {@link StreamEvent}s, as they arrive. Single use, not thread-safe.
 * Together the returned events always follow the order documented on {@link StreamEvent}.
 */
public interface StreamDecoder {

    /**
     * Decodes one upstream event; may return nothing (a ping) or several events.
     *
     * @throws UpstreamException when the event is an error or cannot be read
     */
    List<StreamEvent> decode(SseEvent event);

    /**
     * Called once when the upstream stream has ended; returns whatever closes the canonical stream (open blocks, the
     * final delta, {@code MessageStop}) if the upstream said why it stopped but did not send its closing event.
     *
     * @throws UpstreamException when the stream ended before it began, or before it said why it stopped (the answer
     *     may be cut short: {@link UpstreamException#cutShort})
     */
    List<StreamEvent> finish();
}
