package dev.aiproxy.routing.internal.usage;

import dev.aiproxy.routing.UsageRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is told each request's {@link UsageRecord}: the listener and the store the gateway was built with, then those
 * added while it runs (the server's request log, metrics and event feed). A listener that throws is logged and the
 * others are still told. Empty, it lets the gateway skip reading an answer's usage.
 */
public final class UsageListeners implements Consumer<UsageRecord> {
    private static final System.Logger LOG = System.getLogger(UsageListeners.class.getName());

    private final List<Consumer<UsageRecord>> listeners = new CopyOnWriteArrayList<>();

    /** @param fixed the builder's listeners, in order; nulls are left out */
    @SafeVarargs
    public UsageListeners(Consumer<UsageRecord>... fixed) {
        for (Consumer<UsageRecord> listener : fixed) {
            if (listener != null) {
                listeners.add(listener);
            }
        }
    }

    public void add(Consumer<UsageRecord> listener) {
        listeners.add(listener);
    }

    public void remove(Consumer<UsageRecord> listener) {
        listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void accept(UsageRecord record) {
        for (Consumer<UsageRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a usage listener failed on request " + record.requestId(), e);
            }
        }
    }
}
