package dev.aiproxy.usage.internal;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hourly and daily totals of a batch of records, added to {@code usage_hourly} and {@code usage_daily} with one
 * upsert per (period, client, model, provider): a batch of a thousand records from a few clients is a few upserts.
 */
final class Rollups {
    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 86_400_000L;

    private Rollups() {
    }

    /** What one (period, client, model, provider) adds up to in a batch. */
    private static final class Sums {
        long requests;
        long failed;
        long input;
        long output;
        long cached;
        long written;
        long reasoning;
        long costNanos;
        long unpriced;

        void add(UsageRecord r) {
            requests++;
            if (r.outcome() == UsageRecord.Outcome.FAILED) {
                failed++;
            }
            Usage u = r.usage();
            if (u != null) {
                input += u.inputTokens();
                output += u.outputTokens();
                cached += u.cachedInputTokens();
                written += u.cacheWriteInputTokens();
                reasoning += u.reasoningTokens();
                if (r.cost() == null && u.totalTokens() > 0) {
                    unpriced++;
                }
            }
            if (r.cost() != null) {
                costNanos += RequestRows.nanos(r.cost());
            }
        }
    }

    private record Key(long period, String client, String model, String provider) {
    }

    /** Adds the batch's totals to both tables, in the caller's transaction. */
    static void add(Connection c, List<UsageRecord> batch) throws SQLException {
        upsert(c, "usage_hourly", sums(batch, HOUR_MS));
        upsert(c, "usage_daily", sums(batch, DAY_MS));
    }

    private static Map<Key, Sums> sums(List<UsageRecord> batch, long period) {
        Map<Key, Sums> out = new HashMap<>();
        for (UsageRecord r : batch) {
            long at = r.startedAt().toEpochMilli();
            Key key = new Key(Math.floorDiv(at, period) * period, r.client(), orEmpty(r.accountedModel()),
                    r.servedBy() == null ? "" : r.servedBy().provider());
            out.computeIfAbsent(key, k -> new Sums()).add(r);
        }
        return out;
    }

    private static void upsert(Connection c, String table, Map<Key, Sums> sums) throws SQLException {
        String sql = "INSERT INTO " + table + " (period_start, client, model, provider, requests, failed, "
                + "input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, "
                + "cost_nanos, unpriced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (period_start, client, model, provider) DO UPDATE SET "
                + add(table, "requests") + ", " + add(table, "failed") + ", " + add(table, "input_tokens") + ", "
                + add(table, "output_tokens") + ", " + add(table, "cached_input_tokens") + ", "
                + add(table, "cache_write_tokens") + ", " + add(table, "reasoning_tokens") + ", "
                + add(table, "cost_nanos") + ", " + add(table, "unpriced");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Map.Entry<Key, Sums> e : sums.entrySet()) {
                Key k = e.getKey();
                Sums v = e.getValue();
                s.setLong(1, k.period());
                s.setString(2, k.client());
                s.setString(3, k.model());
                s.setString(4, k.provider());
                s.setLong(5, v.requests);
                s.setLong(6, v.failed);
                s.setLong(7, v.input);
                s.setLong(8, v.output);
                s.setLong(9, v.cached);
                s.setLong(10, v.written);
                s.setLong(11, v.reasoning);
                s.setLong(12, v.costNanos);
                s.setLong(13, v.unpriced);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String add(String table, String column) {
        return column + " = " + table + "." + column + " + excluded." + column;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
