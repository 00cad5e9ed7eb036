package dev.aiproxy.routing.internal.cache;

import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.internal.chain.Tally;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A stored answer as the typed stream of an in-process call. Single use; not thread-safe. */
final class ReplayedChatStream implements ChatStream {
    private final List<StreamEvent> events;
    private final Tally tally;
    private boolean iterated;

    ReplayedChatStream(List<StreamEvent> events, Tally tally) {
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
            private int next;

            @Override
            public boolean hasNext() {
                if (next < events.size()) {
                    return true;
                }
                tally.completed(200, null);
                return false;
            }

            @Override
            public StreamEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                tally.firstByte();
                return events.get(next++);
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
        tally.interrupted(200, null);
    }
}
