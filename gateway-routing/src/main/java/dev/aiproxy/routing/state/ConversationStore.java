package dev.aiproxy.routing.state;

import dev.aiproxy.api.model.Message;
import dev.aiproxy.routing.internal.conversation.ConversationHistory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The conversations behind Responses API answers, by response id, so that a client can continue one with {@code
 * previous_response_id} (on any instance, when the store is shared), and each answer's response object, which the
 * client that made it may read again or delete. Only the client that made an entry may read or delete it.
 * Implementations bound what they keep (count, age, bytes) and are thread-safe.
 */
public interface ConversationStore {
    /**
     * Responses API answers kept for {@code previous_response_id}, by default: how many, and for how long; how many
     * bytes is {@code limits.max-conversation-store}, read at each store so that a reload applies.
     */
    int DEFAULT_MAX_ENTRIES = 2_000;
    Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    /** The conversation that produced a response, when it is still kept and {@code client} made it. */
    Optional<List<Message>> find(String responseId, String client);

    /** The response object shown for {@code responseId}, when it is still kept and {@code client} made it. */
    Optional<byte[]> object(String responseId, String client);

    /**
     * Forgets a response and its conversation, when {@code client} made it.
     *
     * @return whether it was kept (and is now gone)
     */
    boolean delete(String responseId, String client);

    /**
     * Keeps a conversation, its answer last, and the response object {@code client} was shown, under the id the
     * client saw; a conversation larger than {@code maxBytes} on its own is not kept.
     *
     * @return whether it was kept
     */
    boolean store(String responseId, List<Message> conversation, byte[] object, String client, long maxBytes);

    /**
     * Conversations kept in this process: at most {@code maxEntries}, each for at most {@code maxAge}, the least
     * recently used going first.
     */
    static ConversationStore inMemory(int maxEntries, Duration maxAge, Clock clock) {
        return new ConversationHistory(maxEntries, maxAge, clock);
    }
}
