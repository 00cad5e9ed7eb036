package dev.aiproxy.routing.usage;

import dev.aiproxy.routing.UsageRecord;

/**
 * Where usage records are kept, and queried back. The gateway hands it every chat request's record once the answer
 * has ended ({@code Gateway.Builder.usageStore}), and reads the month's spend from it at start-up, so budgets survive
 * a restart. Implementations must be thread-safe; {@link #record} is called on request threads and must never block.
 */
public interface UsageStore extends UsageQueries, AutoCloseable {

    /**
     * Takes one record to keep. Never blocks and never throws: a store that cannot keep up counts the record as
     * dropped ({@link Status#dropped()}) rather than hold the request.
     */
    void record(UsageRecord record);

    /** How the store is doing: what waits to be written, what was dropped, whether writes fail. Cheap. */
    Status status();

    /** Writes what waits, then releases the store; blocks until done. Records taken after this are dropped. */
    @Override
    void close();

    /**
     * The state of a store.
     *
     * @param description what and where, such as {@code sqlite:/var/lib/gateway/usage.db}; never a password
     * @param healthy false while writes fail (records then wait, up to the queue's bound)
     * @param queued records waiting to be written
     * @param dropped records lost since start because the queue was full (or the store closed)
     * @param written records written since start
     * @param lastError the last write failure, or null
     */
    record Status(String description, boolean healthy, long queued, long dropped, long written, String lastError) {
    }
}
