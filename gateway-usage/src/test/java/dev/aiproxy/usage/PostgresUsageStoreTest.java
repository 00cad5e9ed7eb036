package dev.aiproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageStores;
import dev.aiproxy.routing.usage.UsageTotal;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.usage.testing.PostgresServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same store in a real PostgreSQL server, started by the test: one schema (Flyway), the same queries, and what
 * happens when the server goes away and comes back while the gateway runs.
 */
class PostgresUsageStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PostgresServer server;
    private static int schema;

    private final List<UsageStore> open = new ArrayList<>();
    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeStores() {
        open.forEach(UsageStore::close);
    }

    /** A store in a schema of its own (so each test starts empty), as {@code usage.store} would name it. */
    private UsageStore store() {
        if (url == null) {
            url = server.url() + "?currentSchema=t" + (++schema);
            createSchema("t" + schema);
        }
        return reopen();
    }

    private UsageStore reopen() {
        UsageStore store = PostgresUsageStoreFactory.open(url, new UsageSettings(url, 90, 10_000),
                Clock.fixed(NOW, ZoneOffset.UTC));
        open.add(store);
        return store;
    }

    private static void createSchema(String name) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
                + "/postgres", "gateway", "");
                var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWritten(UsageStore store, long count) {
        Await.until(WAIT, () -> store.status().written() >= count, count + " records written");
    }

    @Test
    void theRequestLogFindsEachFiltersRowsThroughTheHoursTheyAreIn() {
        RequestLogScenario.check(store(), NOW);
    }

    @Test
    void aRecordIsReadBackWhole() {
        UsageStore store = store();
        UsageRecord record = UsageRecord.builder("req_pg", NOW.minusSeconds(5))
                .duration(Duration.ofNanos(1_234_567_000)).timeToFirstByte(Duration.ofMillis(300))
                .client("team-a").format(ApiFormat.ANTHROPIC_MESSAGES).endpoint("/v1/messages").model("sonnet")
                .stream(true)
                .servedBy(new UsageRecord.ServedBy("sonnet", "claude", "claude-sonnet-4-5", "claude/9f8e7d6c"))
                .attempts(3).status(200).outcome(UsageRecord.Outcome.COMPLETED)
                .usage(new Usage(3_100, 500, 2_000, 1_000, 0)).cost(new BigDecimal("0.012150000")).build();

        store.record(record);
        awaitWritten(store, 1);

        assertThat(store.requestLog(RequestLogQuery.latest(10)).records()).containsExactly(record);
        assertThat(store.status().description()).isEqualTo("postgresql://gateway@127.0.0.1:" + server.port()
                + "/postgres");
    }

    @Test
    void totalsAndRequestLogPagesAnswerAsInSqlite() {
        UsageStore store = store();
        for (int i = 0; i < 12; i++) {
            store.record(Records.answered(NOW.minusSeconds(100 - i), i % 3 == 0 ? "a" : "b", "gpt-4o", "openai", i,
                    1, "0.5"));
        }
        store.record(Records.refused(NOW.minusSeconds(10), "a", "gpt-4o", 429));
        awaitWritten(store, 13);

        List<UsageTotal> byClient = store.totals(UsageQuery.since(NOW.minus(Duration.ofDays(7)), Dimension.CLIENT,
                Dimension.DAY));
        RequestLogPage first = store.requestLog(RequestLogQuery.latest(3).withClient("b").withStatus(200));
        RequestLogPage second = store.requestLog(RequestLogQuery.latest(3).withClient("b").withStatus(200)
                .after(first.next()));

        assertThat(byClient).extracting(UsageTotal::client, UsageTotal::requests, UsageTotal::failed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 8L, 0L),
                        org.assertj.core.groups.Tuple.tuple("a", 5L, 1L));
        assertThat(byClient.getFirst().cost()).isEqualByComparingTo("4");
        assertThat(first.records()).extracting(r -> r.usage().inputTokens()).containsExactly(11L, 10L, 8L);
        assertThat(second.records()).extracting(r -> r.usage().inputTokens()).containsExactly(7L, 5L, 4L);
        assertThat(store.requestLog(RequestLogQuery.latest(5).withStatus(429)).records()).singleElement()
                .extracting(UsageRecord::errorType).isEqualTo(ErrorType.RATE_LIMITED);
    }

    @Test
    void aStoreOpenedAgainFindsItsRecordsAndTheSchemaInPlace() {
        UsageStore store = store();
        store.record(Records.answered(NOW, "a", "m", "p", 5, 5, "1.25"));
        store.close();
        open.remove(store);

        UsageStore again = reopen();

        assertThat(again.totals(UsageQuery.since(NOW.minus(Duration.ofDays(1)))).getFirst().cost())
                .isEqualByComparingTo("1.25");
    }

    @Test
    void whenTheServerGoesAwayRecordsWaitTheStoreSaysSoAndTheWriterReconnects() throws Exception {
        UsageStore store = store();
        store.record(Records.answered(NOW, "a", "m", "p", 1, 1, "1"));
        awaitWritten(store, 1);

        server.stop();
        try {
            store.record(Records.answered(NOW, "a", "m", "p", 2, 1, "1"));
            store.record(Records.answered(NOW, "a", "m", "p", 3, 1, "1"));
            Await.until(WAIT, () -> !store.status().healthy(), "the failed write is seen");
            assertThat(store.status().lastError()).isNotBlank();
            assertThat(store.status().dropped()).isZero();
        } finally {
            server.startAgain();
        }

        Await.until(WAIT, () -> store.status().written() == 3, "written once the server is back");
        assertThat(store.status().healthy()).isTrue();
        assertThat(store.totals(UsageQuery.since(NOW.minus(Duration.ofDays(1)))).getFirst().requests())
                .isEqualTo(3);
    }

    @Test
    void aServerThatCannotBeReachedAtStartIsAClearErrorWithoutThePassword() {
        String down = "postgresql://gateway:s3cret-pw@127.0.0.1:1/postgres";

        assertThatThrownBy(() -> UsageStores.open(new UsageSettings(down, 90, 100), Path.of(".")))
                .isInstanceOf(UsageStoreException.class)
                .hasMessageContaining("cannot reach the usage database postgresql://gateway@127.0.0.1:1/postgres")
                .hasMessageNotContaining("s3cret-pw");
    }
}
