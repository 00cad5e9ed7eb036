package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.StreamEvent;
import java.util.Optional;

/**
 * Folds a streamed answer into the whole one a conversation remembers, as long as it stays within a size bound
 * ({@code limits.max-remembered-answer}): past it, the fold lets go of what it holds and folds no more, so an upstream
 * that streams without end costs the bound, not the heap; the answer is then not remembered, and a later
 * {@code previous_response_id} naming it is not found. Single use, not thread-safe.
 */
public final class AnswerFold {
    private static final System.Logger LOG = System.getLogger(AnswerFold.class.getName());

    private final long maxBytes;
    private ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
    private long bytes;

    /** @param maxBytes the estimated size ({@link ConversationSizes}) past which the answer is let go */
    public AnswerFold(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one event, unless the fold has given up.
     *
     * @throws IllegalStateException when the event comes out of order
     */
    public void accept(StreamEvent event) {
        if (accumulator == null) {
            return;
        }
        bytes += ConversationSizes.of(event);
        if (bytes > maxBytes) {
            accumulator = null;
            LOG.log(System.Logger.Level.DEBUG, () -> "a streamed answer passed limits.max-remembered-answer ("
                    + maxBytes + " bytes): it is served whole but not remembered");
            return;
        }
        accumulator.accept(event);
    }

    /** Whether the answer grew past the bound, so that nothing is kept of it. */
    public boolean gaveUp() {
        return accumulator == null;
    }

    /** The whole answer, once its last event came and unless the fold gave up. */
    public Optional<ChatResponse> whole() {
        return accumulator != null && accumulator.isComplete() ? Optional.of(accumulator.response())
                : Optional.empty();
    }
}
