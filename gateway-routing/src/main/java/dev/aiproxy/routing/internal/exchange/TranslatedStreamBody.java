package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.conversation.AnswerFold;
import dev.aiproxy.translate.StreamEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * A translated stream: each upstream event is decoded to canonical events, encoded in the client's format and
 * flushed before the next upstream event is read. An upstream failure after the first byte becomes an error event in
 * the client's format, and the stream ends cleanly. When the conversation is remembered, the events are also folded
 * into the whole answer, within the fold's bound: an answer past it is still streamed, just not remembered.
 */
final class TranslatedStreamBody implements GatewayResponse.Streamed {
    private final UpstreamEvents events;
    private final StreamEncoder encoder;
    private final AnswerFold fold;
    private final Consumer<ChatResponse> onComplete;
    private final Tally tally;

    /**
     * @param fold folds the events into the whole answer, or null when nobody needs it
     * @param onComplete gets the whole answer when the stream ends normally and the fold kept it
     */
    TranslatedStreamBody(UpstreamEvents events, StreamEncoder encoder, AnswerFold fold,
            Consumer<ChatResponse> onComplete, Tally tally) {
        this.events = events;
        this.encoder = encoder;
        this.fold = fold;
        this.onComplete = onComplete;
        this.tally = tally;
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
                tally.firstByte();
                for (StreamEvent event : batch) {
                    if (fold != null) {
                        fold.accept(event);
                    }
                    encoder.encode(event, out);
                }
                out.flush();
            }
            if (fold != null) {
                fold.whole().ifPresent(onComplete);
            }
            tally.completed(200, events.usage());
        } catch (GatewayException e) {
            encoder.encodeError(e, out);
            out.flush();
            tally.interrupted(200, events.usage(), e.errorType());
        }
    }

    @Override
    public void close() {
        tally.interrupted(200, events.usage());
        events.close();
    }
}
