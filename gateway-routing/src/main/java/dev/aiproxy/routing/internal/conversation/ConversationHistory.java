package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.model.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The conversations behind Responses API answers, by response id, so a client can continue one with only
 * {@code previous_response_id} and its new input, as OpenAI's stateful API allows. Bounded in count and age; the
 * oldest entries go first. Thread-safe; the lock is held only to read or write the map.
 */
public final class ConversationHistory {
    private record Entry(List<Message> messages, Instant storedAt) {
    }

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    public ConversationHistory(int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The conversation that produced a response, when it is still kept. */
    public Optional<List<Message>> find(String responseId) {
        lock.lock();
        try {
            Entry entry = entries.get(responseId);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.storedAt.plus(maxAge).isBefore(clock.instant())) {
                entries.remove(responseId);
                return Optional.empty();
            }
            return Optional.of(entry.messages);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps a conversation, its answer last, under the id the client saw. */
    public void store(String responseId, List<Message> conversation) {
        Entry entry = new Entry(List.copyOf(conversation), clock.instant());
        lock.lock();
        try {
            entries.put(responseId, entry);
            while (entries.size() > maxEntries) {
                Map.Entry<String, Entry> eldest = entries.entrySet().iterator().next();
                entries.remove(eldest.getKey());
            }
        } finally {
            lock.unlock();
        }
    }
}
