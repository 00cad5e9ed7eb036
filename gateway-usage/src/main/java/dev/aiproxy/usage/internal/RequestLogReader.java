package dev.aiproxy.usage.internal;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of the request log, newest first in the order the records were written (their ids), without an index on the
 * rows but for failures (writing a row is then a fraction of what five indexes made it):
 * <ul>
 *   <li>a failure status ({@value #FAILED} and up) walks the small index of failures;</li>
 *   <li>a client, model, provider or time range first asks the hourly totals which hours hold matching rows and the
 *   ids they span, then walks only those ids, newest first, until the page is full;</li>
 *   <li>anything else walks the ids from the newest.</li>
 * </ul>
 * The cursor is the last id of the previous page.
 */
final class RequestLogReader {
    /** Statuses from here on have an index of their own (usage_requests_failed). */
    static final int FAILED = 400;
    private static final String SELECT = "SELECT id, " + RequestRows.COLUMNS + " FROM usage_requests WHERE id < ?";

    private final RequestLogQuery query;
    private final long before;
    private final List<UsageRecord> records;
    private long lastId;
    private boolean more;

    private RequestLogReader(RequestLogQuery query) {
        this.query = query;
        this.before = query.cursor() == null ? Long.MAX_VALUE : parseCursor(query.cursor());
        this.records = new ArrayList<>(query.limit());
    }

    static RequestLogPage page(Database database, RequestLogQuery query) throws SQLException {
        RequestLogReader reader = new RequestLogReader(query);
        return database.read(reader::read);
    }

    private RequestLogPage read(Connection c) throws SQLException {
        boolean failures = query.status() != null && query.status() >= FAILED;
        boolean ranged = query.client() != null || query.model() != null || query.provider() != null
                || query.from() != null || query.to() != null;
        if (ranged && !failures) {
            for (long[] range : ranges(c)) {
                if (!walk(c, range[0], range[1])) {
                    break;
                }
            }
        } else {
            walk(c, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return new RequestLogPage(List.copyOf(records), more ? Long.toString(lastId) : null);
    }

    /**
     * Adds the rows of ids {@code from..to} that match, newest first, up to the page's end; false once it is full (one
     * row past it says there is a next page).
     */
    private boolean walk(Connection c, long from, long to) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>();
        args.add(before);
        if (from != Long.MIN_VALUE) {
            sql.append(" AND id BETWEEN ? AND ?");
            args.add(from);
            args.add(to);
        }
        where(sql, args, "client = ?", query.client());
        where(sql, args, "model = ?", query.model());
        where(sql, args, "provider = ?", query.provider());
        if (query.status() != null) {
            // a number in the text, not a parameter: the planner must see that it is a failure to take the index
            // that holds only those
            sql.append(" AND status = ").append(query.status().intValue());
            if (query.status() >= FAILED) {
                sql.append(" AND status >= ").append(FAILED);
            }
        }
        where(sql, args, "started_at >= ?", query.from() == null ? null : Times.clamp(query.from()));
        where(sql, args, "started_at < ?", query.to() == null ? null : Times.clamp(query.to()));
        int wanted = query.limit() + 1 - records.size();
        sql.append(" ORDER BY id DESC LIMIT ").append(wanted);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (records.size() == query.limit()) {
                        more = true;
                        return false;
                    }
                    records.add(RequestRows.read(rs));
                    lastId = rs.getLong("id");
                }
            }
        }
        return true;
    }

    /**
     * The id ranges of the hours whose totals match the client, model, provider and time range asked for, newest
     * first, overlapping ones merged (a long request ends, and is written, among the next hour's).
     */
    private List<long[]> ranges(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT MIN(first_id), MAX(last_id) FROM usage_hourly "
                + "WHERE first_id < ?");
        List<Object> args = new ArrayList<>();
        args.add(before);
        where(sql, args, "client = ?", query.client());
        where(sql, args, "model = ?", query.model());
        where(sql, args, "provider = ?", query.provider());
        where(sql, args, "period_start >= ?", query.from() == null ? null
                : Math.floorDiv(Times.clamp(query.from()), Rollups.HOUR_MS) * Rollups.HOUR_MS);
        where(sql, args, "period_start < ?", query.to() == null ? null : Times.clamp(query.to()));
        sql.append(" GROUP BY period_start");
        List<long[]> hours = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hours.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        hours.sort((a, b) -> Long.compare(b[1], a[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] hour : hours) {
            long[] newest = merged.isEmpty() ? null : merged.getLast();
            if (newest != null && hour[1] >= newest[0]) {
                newest[0] = Math.min(newest[0], hour[0]);
            } else {
                merged.add(hour);
            }
        }
        return merged;
    }

    private static void where(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    /** A page's end as text is the last row's id; anything else was not made here. */
    private static long parseCursor(String cursor) {
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a request-log cursor: '" + cursor + "'");
    }
}
