package dev.aiproxy.routing;

import dev.aiproxy.api.model.StreamEvent;
import java.util.stream.Stream;

/**
 * A streamed answer, pulled event by event from the upstream as the caller iterates. Single use; not thread-safe.
 * Closing it before the end cancels the upstream call, so use it in try-with-resources:
 * <pre>{@code
 * try (var events = gateway.stream(request)) { events.forEach(sink::emit); }
 * }</pre>
 * Iteration throws {@link dev.aiproxy.api.error.GatewayException} when the upstream fails mid-stream.
 */
public interface ChatStream extends AutoCloseable, Iterable<StreamEvent> {

    /** The events as a sequential {@link Stream}; closing the stream closes this. */
    Stream<StreamEvent> stream();

    /** Cancels the upstream call if it is still running; never throws. */
    @Override
    void close();
}
