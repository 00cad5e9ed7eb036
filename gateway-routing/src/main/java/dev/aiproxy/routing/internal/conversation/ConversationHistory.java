package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.model.Message;
import dev.aiproxy.routing.state.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The conversations behind Responses API answers, by response id, so a client can continue one with only
 * {@code previous_response_id} and its new input, as OpenAI's stateful API allows, and each answer's response object,
 * which the client that made it may read again or delete ({@code GET}, {@code DELETE /v1/responses/{id}}). Bounded
 * in count, age and bytes;
 * the least recently used entries go first. Thread-safe; the lock is held only to read or write the maps.
 *
 * <p>The bytes are an estimate ({@link ConversationSizes}) of the messages and response objects kept. A continued conversation holds the
 * very messages of the one it continues, so each message is counted once, however many kept conversations hold it,
 * and its bytes are given back when the last of them goes: a long conversation of many turns, every turn kept, costs
 * what its messages cost, not a sum that grows with the square of its length.
 */
public final class ConversationHistory implements ConversationStore {
    private static final System.Logger LOG = System.getLogger(ConversationHistory.class.getName());

    /**
     * @param object the response object as the client was shown it, for {@code GET /v1/responses/{id}}
     * @param owner the client whose request made it: only it may read or delete it
     */
    private record Entry(List<Message> messages, byte[] object, String owner, Instant storedAt) {
    }

    /** How many kept conversations hold one message, and its estimated size. */
    private static final class Held {
        private final long bytes;
        private int holders;

        Held(long bytes) {
            this.bytes = bytes;
        }
    }

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Every message some kept conversation holds, by identity; guarded by {@link #lock}. */
    private final IdentityHashMap<Message, Held> held = new IdentityHashMap<>();
    /** The estimated bytes of the messages in {@link #held}; guarded by {@link #lock}. */
    private long bytes;

    public ConversationHistory(int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Optional<List<Message>> find(String responseId, String client) {
        return kept(responseId, client).map(entry -> entry.messages);
    }

    @Override
    public Optional<byte[]> object(String responseId, String client) {
        return kept(responseId, client).map(entry -> entry.object);
    }

    /** The entry of a response {@code client} made, unless it is gone or too old (then forgotten now). */
    private Optional<Entry> kept(String responseId, String client) {
        lock.lock();
        try {
            Entry entry = entries.get(responseId);
            if (entry == null || !entry.owner.equals(client)) {
                return Optional.empty();
            }
            if (expired(entry, clock.instant())) {
                release(entries.remove(responseId));
                return Optional.empty();
            }
            return Optional.of(entry);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String responseId, String client) {
        lock.lock();
        try {
            Entry entry = entries.get(responseId);
            if (entry == null || !entry.owner.equals(client)) {
                return false;
            }
            release(entries.remove(responseId));
            return !expired(entry, clock.instant());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean store(String responseId, List<Message> conversation, byte[] object, String client,
            long maxBytes) {
        List<Message> messages = List.copyOf(conversation);
        // sizes are estimated outside the lock, for the messages not held yet: a continued conversation's new turn
        Map<Message, Long> sizes = new IdentityHashMap<>();
        for (Message m : unheld(messages)) {
            sizes.put(m, ConversationSizes.of(m));
        }
        Instant now = clock.instant();
        long objectSize = ConversationSizes.ofBytes(object);
        lock.lock();
        try {
            long size = objectSize;
            for (Message m : messages) {
                Held h = held.get(m);
                size += h != null ? h.bytes : sizes.computeIfAbsent(m, ConversationSizes::of);
            }
            if (size > maxBytes) {
                long total = size;
                LOG.log(System.Logger.Level.DEBUG, () -> "Responses conversation " + responseId + " not kept: about "
                        + total + " bytes, more than limits.max-conversation-store (" + maxBytes + ")");
                return false;
            }
            for (Message m : messages) {
                Held h = held.get(m);
                if (h == null) {
                    h = new Held(sizes.get(m));
                    held.put(m, h);
                    bytes += h.bytes;
                }
                h.holders++;
            }
            bytes += objectSize;
            release(entries.put(responseId, new Entry(messages, object, client, now)));
            evict(now, maxBytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The estimated bytes kept now. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    private List<Message> unheld(List<Message> messages) {
        List<Message> out = new ArrayList<>();
        lock.lock();
        try {
            for (Message m : messages) {
                if (!held.containsKey(m)) {
                    out.add(m);
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Lets go of expired entries at the head, then of the least recently used while over a bound. */
    private void evict(Instant now, long maxBytes) {
        Iterator<Entry> eldest = entries.values().iterator();
        while (eldest.hasNext()) {
            Entry entry = eldest.next();
            if (entries.size() <= maxEntries && bytes <= maxBytes && !expired(entry, now)) {
                return;
            }
            eldest.remove();
            release(entry);
        }
    }

    private void release(Entry entry) {
        if (entry == null) {
            return;
        }
        bytes -= ConversationSizes.ofBytes(entry.object);
        for (Message m : entry.messages) {
            Held h = held.get(m);
            if (--h.holders == 0) {
                held.remove(m);
                bytes -= h.bytes;
            }
        }
    }

    private boolean expired(Entry entry, Instant now) {
        return entry.storedAt.plus(maxAge).isBefore(now);
    }
}
