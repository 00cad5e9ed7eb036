package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.internal.chain.Tally;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A {@link ChatStream} over {@link UpstreamEvents}. */
final class UpstreamChatStream implements ChatStream {
    private final UpstreamEvents events;
    private final Tally tally;
    private boolean iterated;

    UpstreamChatStream(UpstreamEvents events, Tally tally) {
        this.events = events;
        this.tally = tally;
    }

    @Override
    public Iterator<StreamEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ChatStream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && !ended) {
                    List<StreamEvent> batch;
                    try {
                        batch = events.next();
                    } catch (GatewayException e) {
                        tally.interrupted(200, events.usage(), e.errorType());
                        throw e;
                    }
                    if (batch == null) {
                        ended = true;
                        tally.completed(200, events.usage());
                    } else {
                        tally.firstByte();
                        pending.addAll(batch);
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public StreamEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                return pending.removeFirst();
            }
        };
    }

    @Override
    public Stream<StreamEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        tally.interrupted(200, events.usage());
        events.close();
    }
}
