package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.internal.dispatch.IdleWatchdog;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Pulls canonical events from an upstream stream, one upstream event at a time, renaming the model to the one the
 * client asked for. Single use, not thread-safe; closing it cancels the upstream call.
 */
public final class UpstreamEvents implements AutoCloseable {
    private final UpstreamResponse response;
    private final SseEventReader reader;
    private final StreamDecoder decoder;
    private final String clientModel;
    private final UnaryOperator<String> responseId;
    private boolean done;
    /** The stream reached its end normally: no read is under way, and the body may be finished without blocking. */
    private volatile boolean finished;
    private Usage usage;

    /**
     * @param clientModel the model name the client asked for, shown in place of the upstream's
     * @param responseId maps the upstream's answer id to the one the client sees
     * @param maxEventBytes the largest upstream event (or line) read; a larger one fails the stream with a 502
     */
    public UpstreamEvents(UpstreamResponse response, StreamDecoder decoder, String clientModel,
            UnaryOperator<String> responseId, int maxEventBytes) {
        this.response = response;
        this.reader = new SseEventReader(response.body(), maxEventBytes);
        this.decoder = decoder;
        this.clientModel = clientModel;
        this.responseId = responseId;
    }

    /**
     * The events that the next upstream event carries (possibly none), or null once the stream has ended. Blocks
     * while the upstream is silent.
     *
     * @throws GatewayException when the upstream sends an error, breaks off, or sends an event over the limit
     */
    public List<StreamEvent> next() {
        if (done) {
            return null;
        }
        SseEvent event;
        try {
            event = reader.next();
        } catch (SseEventReader.EventTooLargeException e) {
            done = true;
            throw UpstreamException.badGateway("the upstream's stream sent an event larger than " + e.limit()
                    + " bytes", e);
        } catch (IOException e) {
            done = true;
            throw IdleWatchdog.readFailure(e, "stream");
        }
        List<StreamEvent> events;
        if (event == null) {
            done = true;
            finished = true;
            events = decoder.finish();
        } else {
            events = decoder.decode(event);
        }
        if (!events.isEmpty() && events.getFirst() instanceof StreamEvent.MessageStart start) {
            events = new java.util.ArrayList<>(events);
            events.set(0, new StreamEvent.MessageStart(responseId.apply(start.id()), clientModel, start.usage()));
        }
        for (StreamEvent e : events) {
            Usage reported = switch (e) {
                case StreamEvent.MessageStart start -> start.usage();
                case StreamEvent.MessageDelta delta -> delta.usage();
                default -> null;
            };
            if (reported != null) {
                usage = usage == null ? reported : usage.max(reported);
            }
        }
        if (!events.isEmpty() && events.getLast() instanceof StreamEvent.MessageStop) {
            done = true;
            finished = true;
        }
        return events;
    }

    /** The usage the events so far reported, or null when none did. */
    public Usage usage() {
        return usage;
    }

    @Override
    public void close() {
        done = true;
        if (finished) {
            try {
                // the format's last event came; what ends the body may have too, and then the connection is kept
                response.body().available();
            } catch (IOException e) {
                // the connection is closed below either way
            }
        }
        try {
            response.close();
        } catch (RuntimeException e) {
            // closing is best effort: the stream is already broken or finished
        }
    }
}
