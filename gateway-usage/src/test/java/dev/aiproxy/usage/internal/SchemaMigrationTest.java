package dev.aiproxy.usage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageTotal;
import dev.aiproxy.usage.SqliteUsageStoreFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written by the first schema, opened by this one: its rows are found by the request log, its totals kept. */
class SchemaMigrationTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:30:00Z");
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void aVersionOneFileKeepsItsTotalsAndItsRowsAreFoundByClient() throws Exception {
        Path file = dir.resolve("usage.db");
        long h1 = NOW.minus(Duration.ofHours(2)).toEpochMilli() / HOUR * HOUR;
        SqliteDatabase v1 = SqliteDatabase.forWriting(file);
        Schema.configure(v1.dataSource(), "INTEGER PRIMARY KEY", " WITHOUT ROWID").target("1").load().migrate();
        v1.inTransaction(c -> {
            // what version 1's writer left: three rows (no id given) and their hourly and daily totals
            try (PreparedStatement row = c.prepareStatement("INSERT INTO usage_requests (request_id, started_at, "
                    + "client, endpoint, model, stream, provider, upstream_model, credential, attempts, status, outcome, "
                    + "duration_us) "
                    + "VALUES (?, ?, ?, '/v1/chat/completions', 'gpt-4o', 0, 'openai', 'gpt-4o', 'openai/ab12', 1, 200, "
                    + "'completed', ?)")) {
                Object[][] rows = {{"req_1", h1 + 60_000, "a", 100_000L}, {"req_2", h1 + 120_000, "b", 300_000L},
                    {"req_3", h1 + HOUR + 60_000, "a", 200_000L}};
                for (Object[] r : rows) {
                    row.setString(1, (String) r[0]);
                    row.setLong(2, (Long) r[1]);
                    row.setString(3, (String) r[2]);
                    row.setLong(4, (Long) r[3]);
                    row.executeUpdate();
                }
            }
            for (String table : new String[] {"usage_hourly", "usage_daily"}) {
                try (PreparedStatement total = c.prepareStatement("INSERT INTO " + table + " VALUES "
                        + "(?, ?, 'gpt-4o', 'openai', ?, 0, 0, 0, 0, 0, 0, 0, 0)")) {
                    long day = h1 / 86_400_000L * 86_400_000L;
                    Object[][] totals = table.equals("usage_hourly")
                            ? new Object[][] {{h1, "a", 1}, {h1, "b", 1}, {h1 + HOUR, "a", 1}}
                            : new Object[][] {{day, "a", 2}, {day, "b", 1}};
                    for (Object[] t : totals) {
                        total.setLong(1, (Long) t[0]);
                        total.setString(2, (String) t[1]);
                        total.setInt(3, (Integer) t[2]);
                        total.executeUpdate();
                    }
                }
            }
            return null;
        });
        v1.close();

        UsageStore store = SqliteUsageStoreFactory.open(file, UsageSettings.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            assertThat(store.requestLog(RequestLogQuery.latest(10).withClient("a")).records())
                    .extracting(UsageRecord::requestId).containsExactly("req_3", "req_1");
            assertThat(store.requestLog(RequestLogQuery.latest(10).between(Instant.ofEpochMilli(h1),
                    Instant.ofEpochMilli(h1 + HOUR))).records()).extracting(UsageRecord::requestId)
                    .containsExactly("req_2", "req_1");
            assertThat(store.totals(UsageQuery.since(Instant.ofEpochMilli(h1), Dimension.CLIENT)))
                    .extracting(UsageTotal::client, UsageTotal::requests, UsageTotal::meanDuration)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("a", 2L, Duration.ofMillis(150)),
                            org.assertj.core.groups.Tuple.tuple("b", 1L, Duration.ofMillis(300)));
            assertThat(store.totals(UsageQuery.since(Instant.ofEpochMilli(h1 - 86_400_000L), Dimension.DAY)))
                    .singleElement().satisfies(t -> assertThat(t.duration()).isEqualTo(Duration.ofMillis(600)));
        } finally {
            store.close();
        }
    }
}
