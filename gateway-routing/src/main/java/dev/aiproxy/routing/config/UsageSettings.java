package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

/**
 * Where the standalone server keeps usage records, and for how long ({@code usage:}). Read at start-up: a change needs
 * a restart. An embedding application passes its own store to {@code Gateway.Builder.usageStore} instead.
 *
 * @param store {@code sqlite:PATH} (a path relative to the config file's folder), {@code none}, or a PostgreSQL URL
 * @param retentionDays records older than this many days are deleted in the background; 0 keeps them forever
 * @param queueCapacity records waiting to be written, at most; more are counted as dropped
 */
public record UsageSettings(String store, int retentionDays, int queueCapacity) {
    /** {@code sqlite:usage.db} beside the config, 90 days, 65,536 records waiting at most. */
    public static final UsageSettings DEFAULTS = new UsageSettings("sqlite:usage.db", 90, 65_536);

    public UsageSettings {
        requireNonNull(store, "store");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("usage.retention-days must not be negative, was " + retentionDays);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("usage.queue-capacity must be at least 1, was " + queueCapacity);
        }
    }

    /** Whether usage is not kept at all ({@code usage.store: none}). */
    public boolean off() {
        return store.equals("none");
    }
}
