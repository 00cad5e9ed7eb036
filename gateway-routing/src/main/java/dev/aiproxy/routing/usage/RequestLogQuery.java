package dev.aiproxy.routing.usage;

import java.time.Instant;

/**
 * A question for {@link UsageQueries#requestLog}: the newest records that match every filter given (a null filter
 * matches everything), at most {@code limit} of them, older than the cursor of the previous page.
 *
 * @param from the start, inclusive, or null
 * @param to the end, exclusive, or null
 * @param client only this client's requests, or null
 * @param model only requests accounted to this model, or null
 * @param provider only requests this provider answered, or null
 * @param status only requests answered with this HTTP status, or null
 * @param limit at most this many records, 1 to 1,000
 * @param cursor {@link RequestLogPage#next()} of the previous page, or null for the first page
 */
public record RequestLogQuery(Instant from, Instant to, String client, String model, String provider,
        Integer status, int limit, String cursor) {
    public static final int MAX_LIMIT = 1_000;

    public RequestLogQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The newest {@code limit} records, unfiltered. */
    public static RequestLogQuery latest(int limit) {
        return new RequestLogQuery(null, null, null, null, null, null, limit, null);
    }

    public RequestLogQuery withClient(String client) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }

    public RequestLogQuery withModel(String model) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }

    public RequestLogQuery withProvider(String provider) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }

    public RequestLogQuery withStatus(Integer status) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }

    public RequestLogQuery between(Instant from, Instant to) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }

    /** The page after the one that returned {@code cursor}. */
    public RequestLogQuery after(String cursor) {
        return new RequestLogQuery(from, to, client, model, provider, status, limit, cursor);
    }
}
