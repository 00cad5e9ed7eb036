package dev.aiproxy.routing.usage;

import java.util.List;

/**
 * Reads what a {@link UsageStore} kept: totals and the request log. Blocks for the query's time (milliseconds on a
 * table of millions of records); thread-safe.
 */
public interface UsageQueries {

    /**
     * Totals over a time range, one row per combination of the query's {@link UsageQuery#groupBy() dimensions},
     * largest cost first (then most requests).
     *
     * @throws UsageStoreException when the store cannot be read
     */
    List<UsageTotal> totals(UsageQuery query);

    /**
     * One page of the request log, newest first, with the query's filters.
     *
     * @throws UsageStoreException when the store cannot be read
     * @throws IllegalArgumentException when the query's cursor was not made by this store
     */
    RequestLogPage requestLog(RequestLogQuery query);
}
