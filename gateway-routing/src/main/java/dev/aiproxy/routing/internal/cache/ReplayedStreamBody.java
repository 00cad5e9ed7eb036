package dev.aiproxy.routing.internal.cache;

import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.translate.StreamEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A stored answer written as a stream in the client's format, an event at a time, each flushed as it is written. */
final class ReplayedStreamBody implements GatewayResponse.Streamed {
    private final List<StreamEvent> events;
    private final StreamEncoder encoder;
    private final Tally tally;

    ReplayedStreamBody(List<StreamEvent> events, StreamEncoder encoder, Tally tally) {
        this.events = events;
        this.encoder = encoder;
        this.tally = tally;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (StreamEvent event : events) {
            encoder.encode(event, out);
            out.flush();
            tally.firstByte();
        }
        tally.completed(200, null);
    }

    /** Ends the record as interrupted when the client went away before the end; nothing upstream to cancel. */
    @Override
    public void close() {
        tally.interrupted(200, null);
    }
}
