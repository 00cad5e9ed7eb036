package dev.aiproxy.routing;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;

/**
 * Receives a streamed answer pushed by {@link Gateway#stream(dev.aiproxy.api.model.ChatRequest, StreamListener)}, on
 * the calling thread, in the order documented on {@link StreamEvent}. Then exactly one of {@link #onComplete} or
 * {@link #onError} is called.
 */
public interface StreamListener {
    /** One event, as soon as it arrived from the upstream. */
    void onEvent(StreamEvent event);

    /** The stream ended normally; {@code response} is everything it carried, folded together. */
    default void onComplete(ChatResponse response) {
    }

    /** The stream failed, before or after its first event. */
    default void onError(GatewayException error) {
    }
}
