package dev.aiproxy.usage.internal;

import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageTotal;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries over the store. Totals read the hourly and daily tables (never the rows): whole days of the range from
 * {@code usage_daily}, the hours at its edges from {@code usage_hourly}. The request log is {@link RequestLogReader}'s.
 */
final class UsageReader {
    /** The columns of a rollup table a total reads. */
    private static final String SUMMED = "period_start, client, model, provider, requests, failed, input_tokens, "
            + "output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, unpriced, duration_us";

    private UsageReader() {
    }

    static List<UsageTotal> totals(Database database, UsageQuery query) throws SQLException {
        long from = Times.clamp(query.from());
        long to = Times.clamp(query.to());
        List<Dimension> by = query.groupBy();
        List<String[]> ranges = new ArrayList<>();
        if (by.contains(Dimension.HOUR)) {
            ranges.add(new String[] {"usage_hourly", Long.toString(floor(from, Rollups.HOUR_MS)),
                    Long.toString(ceil(to, Rollups.HOUR_MS))});
        } else if (by.contains(Dimension.DAY)) {
            ranges.add(new String[] {"usage_daily", Long.toString(floor(from, Rollups.DAY_MS)),
                    Long.toString(ceil(to, Rollups.DAY_MS))});
        } else {
            long start = floor(from, Rollups.HOUR_MS);
            long end = ceil(to, Rollups.HOUR_MS);
            long firstDay = ceil(start, Rollups.DAY_MS);
            long lastDay = floor(end, Rollups.DAY_MS);
            if (firstDay < lastDay) {
                ranges.add(new String[] {"usage_hourly", Long.toString(start), Long.toString(firstDay)});
                ranges.add(new String[] {"usage_daily", Long.toString(firstDay), Long.toString(lastDay)});
                ranges.add(new String[] {"usage_hourly", Long.toString(lastDay), Long.toString(end)});
            } else {
                ranges.add(new String[] {"usage_hourly", Long.toString(start), Long.toString(end)});
            }
        }
        String select = select(by);
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(", SUM(requests), SUM(failed), ")
                .append("SUM(input_tokens), SUM(output_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens), ")
                .append("SUM(reasoning_tokens), SUM(cost_nanos), SUM(unpriced), SUM(duration_us) FROM (");
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(i > 0 ? " UNION ALL " : "").append("SELECT ").append(SUMMED).append(" FROM ")
                    .append(ranges.get(i)[0]).append(" WHERE period_start >= ? AND period_start < ?");
        }
        sql.append(") t");
        String groups = groupBy(by);
        if (!groups.isEmpty()) {
            sql.append(" GROUP BY ").append(groups);
        }
        sql.append(" ORDER BY SUM(cost_nanos) DESC, SUM(requests) DESC");
        if (!groups.isEmpty()) {
            sql.append(", ").append(groups);
        }
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (String[] range : ranges) {
                    s.setLong(p++, Long.parseLong(range[1]));
                    s.setLong(p++, Long.parseLong(range[2]));
                }
                List<UsageTotal> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(total(rs, by));
                    }
                }
                return out;
            }
        });
    }

    /** The grouped columns, in the query's order, then the sums. */
    private static UsageTotal total(ResultSet rs, List<Dimension> by) throws SQLException {
        Instant period = null;
        String client = null;
        String model = null;
        String provider = null;
        int column = 1;
        for (Dimension d : by) {
            switch (d) {
                case DAY, HOUR -> period = Instant.ofEpochMilli(rs.getLong(column));
                case CLIENT -> client = rs.getString(column);
                case MODEL -> model = emptyToNull(rs.getString(column));
                case PROVIDER -> provider = emptyToNull(rs.getString(column));
            }
            column++;
        }
        if (by.isEmpty()) {
            column++;
        }
        return new UsageTotal(period, client, model, provider, rs.getLong(column), rs.getLong(column + 1),
                rs.getLong(column + 2), rs.getLong(column + 3), rs.getLong(column + 4), rs.getLong(column + 5),
                rs.getLong(column + 6), BigDecimal.valueOf(rs.getLong(column + 7), 9), rs.getLong(column + 8),
                Duration.ofNanos(rs.getLong(column + 9) * 1000));
    }

    private static String select(List<Dimension> by) {
        return by.isEmpty() ? "0" : groupBy(by);
    }

    private static String groupBy(List<Dimension> by) {
        List<String> columns = new ArrayList<>();
        for (Dimension d : by) {
            columns.add(switch (d) {
                case DAY, HOUR -> "period_start";
                case CLIENT -> "client";
                case MODEL -> "model";
                case PROVIDER -> "provider";
            });
        }
        return String.join(", ", columns);
    }

    private static long floor(long at, long period) {
        return Math.floorDiv(at, period) * period;
    }

    private static long ceil(long at, long period) {
        return -Math.floorDiv(-at, period) * period;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
