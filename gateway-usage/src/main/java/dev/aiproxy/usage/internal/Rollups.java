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
 * upsert per (period, client, model, provider): a batch of a thousand records from a few clients is a few upserts. An
 * hour also keeps the first and last id of its rows, which is how the request log finds a client's, a model's or a
 * provider's rows without an index on them.
 */
final class Rollups {
    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 86_400_000L;

    private static final String SUMMED = "requests, failed, input_tokens, output_tokens, cached_input_tokens, "
            + "cache_write_tokens, reasoning_tokens, cost_nanos, unpriced, duration_us";
    private static final String HOURLY = upsert("usage_hourly", true);
    private static final String DAILY = upsert("usage_daily", false);

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
        long durationMicros;
        long firstId = Long.MAX_VALUE;
        long lastId = Long.MIN_VALUE;

        void add(UsageRecord r, long id) {
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
            durationMicros += RequestRows.micros(r.duration());
            firstId = Math.min(firstId, id);
            lastId = Math.max(lastId, id);
        }

        void add(Sums o) {
            requests += o.requests;
            failed += o.failed;
            input += o.input;
            output += o.output;
            cached += o.cached;
            written += o.written;
            reasoning += o.reasoning;
            costNanos += o.costNanos;
            unpriced += o.unpriced;
            durationMicros += o.durationMicros;
            firstId = Math.min(firstId, o.firstId);
            lastId = Math.max(lastId, o.lastId);
        }
    }

    private record Key(long period, String client, String model, String provider) {
        boolean is(long period, String client, String model, String provider) {
            return this.period == period && this.client.equals(client) && this.model.equals(model)
                    && this.provider.equals(provider);
        }
    }

    /** Adds the batch's totals to both tables, in the caller's transaction; {@code ids[i]} is the row of record i. */
    static void add(Connection c, List<UsageRecord> batch, long[] ids) throws SQLException {
        Map<Key, Sums> hourly = hourly(batch, ids);
        write(c, HOURLY, hourly, true);
        write(c, DAILY, daily(hourly), false);
    }

    private static Map<Key, Sums> hourly(List<UsageRecord> batch, long[] ids) {
        Map<Key, Sums> out = new HashMap<>();
        Key last = null;
        Sums sums = null;
        for (int i = 0; i < batch.size(); i++) {
            UsageRecord r = batch.get(i);
            long hour = Math.floorDiv(r.startedAt().toEpochMilli(), HOUR_MS) * HOUR_MS;
            String model = orEmpty(r.accountedModel());
            String provider = r.servedBy() == null ? "" : r.servedBy().provider();
            // records in a row mostly share their hour, client, model and provider: no key made for those
            if (last == null || !last.is(hour, r.client(), model, provider)) {
                last = new Key(hour, r.client(), model, provider);
                sums = out.computeIfAbsent(last, k -> new Sums());
            }
            sums.add(r, ids[i]);
        }
        return out;
    }

    /** The days' totals from the hours': a batch has far fewer hours than records. */
    private static Map<Key, Sums> daily(Map<Key, Sums> hourly) {
        Map<Key, Sums> out = new HashMap<>();
        for (Map.Entry<Key, Sums> e : hourly.entrySet()) {
            Key hour = e.getKey();
            Key day = new Key(Math.floorDiv(hour.period(), DAY_MS) * DAY_MS, hour.client(), hour.model(),
                    hour.provider());
            out.computeIfAbsent(day, k -> new Sums()).add(e.getValue());
        }
        return out;
    }

    private static void write(Connection c, String sql, Map<Key, Sums> sums, boolean withIds) throws SQLException {
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
                s.setLong(14, v.durationMicros);
                if (withIds) {
                    s.setLong(15, v.firstId);
                    s.setLong(16, v.lastId);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The upsert of one table: new sums are added to the old; an hour's id range widens to take the batch's (with
     * several gateways on one database, their batches' ids interleave).
     */
    private static String upsert(String table, boolean withIds) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (period_start, client, model, provider, ").append(SUMMED)
                .append(withIds ? ", first_id, last_id" : "")
                .append(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?").append(withIds ? ", ?, ?" : "")
                .append(") ON CONFLICT (period_start, client, model, provider) DO UPDATE SET ");
        String[] columns = SUMMED.split(", ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i > 0 ? ", " : "").append(columns[i]).append(" = ").append(table).append('.')
                    .append(columns[i]).append(" + excluded.").append(columns[i]);
        }
        if (withIds) {
            // CASE rather than min()/LEAST(): SQLite has only the one, PostgreSQL only the other
            sql.append(", first_id = CASE WHEN ").append(table).append(".first_id IS NULL OR excluded.first_id < ")
                    .append(table).append(".first_id THEN excluded.first_id ELSE ").append(table)
                    .append(".first_id END, last_id = CASE WHEN ").append(table)
                    .append(".last_id IS NULL OR excluded.last_id > ").append(table)
                    .append(".last_id THEN excluded.last_id ELSE ").append(table).append(".last_id END");
        }
        return sql.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
