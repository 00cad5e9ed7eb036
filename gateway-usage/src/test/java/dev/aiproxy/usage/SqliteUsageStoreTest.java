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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite usage store, in a real database file in a temporary folder. */
class SqliteUsageStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<UsageStore> open = new ArrayList<>();

    @AfterEach
    void closeStores() {
        open.forEach(UsageStore::close);
    }

    private UsageStore store() {
        return store(UsageSettings.DEFAULTS);
    }

    private UsageStore store(UsageSettings settings) {
        UsageStore store = SqliteUsageStoreFactory.open(dir.resolve("usage.db"), settings,
                Clock.fixed(NOW, ZoneOffset.UTC));
        open.add(store);
        return store;
    }

    private static void awaitWritten(UsageStore store, long count) {
        Await.until(WAIT, () -> store.status().written() >= count, count + " records written");
    }

    @Test
    void aRecordIsReadBackWhole() {
        UsageStore store = store();
        UsageRecord record = UsageRecord.builder("req_0123", NOW.minusSeconds(5))
                .duration(Duration.ofNanos(1_234_567_000)).timeToFirstByte(Duration.ofMillis(300))
                .client("team-a").format(ApiFormat.GEMINI).endpoint("/v1beta/models/*:streamGenerateContent")
                .model("flash").stream(true)
                .servedBy(new UsageRecord.ServedBy("flash", "gemini", "gemini-2.5-flash", "gemini/9f8e7d6c"))
                .attempts(2).status(200).outcome(UsageRecord.Outcome.INTERRUPTED).errorType(ErrorType.TIMEOUT)
                .usage(new Usage(10_000, 2_000, 4_000, 0, 1_200)).cost(new BigDecimal("0.006920000")).build();

        store.record(record);
        awaitWritten(store, 1);

        assertThat(store.requestLog(RequestLogQuery.latest(10)).records()).containsExactly(record);
    }

    @Test
    void totalsGroupByClientModelProviderDayAndHour() {
        UsageStore store = store();
        Instant today = NOW.minus(Duration.ofHours(1));
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        store.record(Records.answered(today, "team-a", "gpt-4o", "openai", 100, 10, "0.0010"));
        store.record(Records.answered(today, "team-a", "gpt-4o", "openai", 200, 20, "0.0020"));
        store.record(Records.answered(yesterday, "team-a", "sonnet", "claude", 300, 30, "0.0300"));
        store.record(Records.answered(today, "team-b", "llama", "local", 400, 40, null));
        store.record(Records.refused(today, "team-b", "gpt-4o", 429));
        awaitWritten(store, 5);
        Instant weekAgo = NOW.minus(Duration.ofDays(7));

        List<UsageTotal> byClient = store.totals(UsageQuery.since(weekAgo, Dimension.CLIENT));
        List<UsageTotal> byDay = store.totals(UsageQuery.since(weekAgo, Dimension.DAY, Dimension.CLIENT));
        List<UsageTotal> byProvider = store.totals(UsageQuery.since(weekAgo, Dimension.PROVIDER));
        List<UsageTotal> all = store.totals(UsageQuery.since(weekAgo));

        assertThat(byClient).extracting(UsageTotal::client, UsageTotal::requests, UsageTotal::failed,
                        t -> t.cost().stripTrailingZeros().toPlainString(), UsageTotal::unpricedRequests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team-a", 3L, 0L, "0.033", 0L),
                        org.assertj.core.groups.Tuple.tuple("team-b", 2L, 1L, "0", 1L));
        assertThat(byDay).extracting(UsageTotal::period, UsageTotal::client, UsageTotal::inputTokens)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-06T00:00:00Z"), "team-a", 300L),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-07T00:00:00Z"), "team-a", 300L),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-07T00:00:00Z"), "team-b", 400L));
        assertThat(byProvider).extracting(UsageTotal::provider).containsExactlyInAnyOrder("claude", "openai",
                "local", null);
        assertThat(all).singleElement().satisfies(t -> {
            assertThat(t.requests()).isEqualTo(5);
            assertThat(t.inputTokens()).isEqualTo(1_000);
            assertThat(t.outputTokens()).isEqualTo(100);
            assertThat(t.cost()).isEqualByComparingTo("0.033");
        });
    }

    @Test
    void totalsOverARangeCountOnlyTheHoursInIt() {
        UsageStore store = store();
        store.record(Records.answered(Instant.parse("2026-12-05T09:10:00Z"), "a", "m", "p", 1, 0, "1"));
        store.record(Records.answered(Instant.parse("2026-12-05T23:59:00Z"), "a", "m", "p", 10, 0, "1"));
        store.record(Records.answered(Instant.parse("2026-12-06T12:00:00Z"), "a", "m", "p", 100, 0, "1"));
        store.record(Records.answered(Instant.parse("2026-12-07T10:00:00Z"), "a", "m", "p", 1000, 0, "1"));
        awaitWritten(store, 4);

        List<UsageTotal> total = store.totals(new UsageQuery(Instant.parse("2026-12-05T10:00:00Z"),
                Instant.parse("2026-12-07T10:00:00Z"), List.of()));
        List<UsageTotal> byHour = store.totals(new UsageQuery(Instant.parse("2026-12-05T23:00:00Z"),
                Instant.parse("2026-12-06T13:00:00Z"), List.of(Dimension.HOUR)));

        assertThat(total).singleElement().extracting(UsageTotal::inputTokens).isEqualTo(110L);
        assertThat(byHour).extracting(UsageTotal::period).containsExactlyInAnyOrder(
                Instant.parse("2026-12-05T23:00:00Z"), Instant.parse("2026-12-06T12:00:00Z"));
    }

    @Test
    void theRequestLogPagesNewestFirstWithFilters() {
        UsageStore store = store();
        for (int i = 0; i < 25; i++) {
            store.record(Records.answered(NOW.minusSeconds(100 - i), i % 2 == 0 ? "even" : "odd", "gpt-4o", "openai",
                    i, 0, "0.001"));
        }
        store.record(Records.refused(NOW.minusSeconds(10), "even", "gpt-4o", 429));
        awaitWritten(store, 26);

        RequestLogPage first = store.requestLog(RequestLogQuery.latest(5).withClient("even").withStatus(200));
        RequestLogPage second = store.requestLog(RequestLogQuery.latest(5).withClient("even").withStatus(200)
                .after(first.next()));
        RequestLogPage last = store.requestLog(RequestLogQuery.latest(5).withClient("even").withStatus(200)
                .after(second.next()));
        RequestLogPage refused = store.requestLog(RequestLogQuery.latest(5).withStatus(429));
        RequestLogPage range = store.requestLog(RequestLogQuery.latest(100)
                .between(NOW.minusSeconds(100), NOW.minusSeconds(95)));

        assertThat(first.records()).extracting(r -> r.usage().inputTokens()).containsExactly(24L, 22L, 20L, 18L, 16L);
        assertThat(second.records()).extracting(r -> r.usage().inputTokens()).containsExactly(14L, 12L, 10L, 8L, 6L);
        assertThat(last.records()).extracting(r -> r.usage().inputTokens()).containsExactly(4L, 2L, 0L);
        assertThat(last.next()).isNull();
        assertThat(refused.records()).singleElement().satisfies(r -> {
            assertThat(r.errorType()).isEqualTo(ErrorType.RATE_LIMITED);
            assertThat(r.servedBy()).isNull();
        });
        assertThat(range.records()).hasSize(5);
    }

    @Test
    void theRequestLogFindsEachFiltersRowsThroughTheHoursTheyAreIn() {
        RequestLogScenario.check(store(), NOW);
    }

    @Test
    void aCacheHitIsReadBackAsOne() {
        UsageStore store = store();
        UsageRecord hit = UsageRecord.builder("req_0456", NOW.minusSeconds(1)).duration(Duration.ofMillis(2))
                .client("team-a").format(ApiFormat.OPENAI_CHAT).endpoint("/v1/chat/completions").model("gpt")
                .status(200).cacheHit(true).cost(BigDecimal.ZERO.setScale(9)).build();
        UsageRecord miss = Records.answered(NOW, "team-a", "gpt", "openai", 1, 1, "0.001000000");

        store.record(hit);
        store.record(miss);
        awaitWritten(store, 2);

        assertThat(store.requestLog(RequestLogQuery.latest(10)).records()).containsExactly(miss, hit);
    }

    @Test
    void aCursorThatTheStoreDidNotMakeIsRefused() {
        UsageStore store = store();

        assertThatThrownBy(() -> store.requestLog(RequestLogQuery.latest(5).after("page-2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page-2");
    }

    @Test
    void closingWritesWhatWaitsAndTheRecordsOutliveARestart() {
        UsageStore store = store();
        for (int i = 0; i < 500; i++) {
            store.record(Records.answered(NOW, "team-a", "gpt-4o", "openai", 1, 1, "0.000001"));
        }

        store.close();
        open.remove(store);
        UsageStore reopened = store();

        assertThat(reopened.totals(UsageQuery.since(NOW.minus(Duration.ofDays(1)))).getFirst().requests())
                .isEqualTo(500);
        assertThat(store.status().dropped()).isZero();
    }

    @Test
    void aRecordTakenAfterCloseIsCountedAsDropped() {
        UsageStore store = store();
        store.close();
        open.remove(store);

        store.record(Records.answered(NOW, "team-a", "gpt-4o", "openai", 1, 1, null));

        assertThat(store.status().dropped()).isEqualTo(1);
    }

    @Test
    void recordsOlderThanTheRetentionAreDeleted() {
        UsageStore store = store(new UsageSettings("sqlite:usage.db", 30, 1_000));
        store.record(Records.answered(NOW.minus(Duration.ofDays(40)), "old", "m", "p", 1, 1, "1"));
        store.record(Records.answered(NOW.minus(Duration.ofDays(10)), "recent", "m", "p", 1, 1, "1"));
        awaitWritten(store, 2);

        // the writer prunes after its first batch; the retention counts from the store's clock
        Await.until(WAIT, () -> store.requestLog(RequestLogQuery.latest(10)).records().size() == 1, "pruned");

        assertThat(store.requestLog(RequestLogQuery.latest(10)).records()).extracting(UsageRecord::client)
                .containsExactly("recent");
        assertThat(store.totals(UsageQuery.since(Instant.EPOCH, Dimension.CLIENT))).extracting(UsageTotal::client)
                .containsExactly("recent");
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearErrorNamingIt() throws Exception {
        Path file = Files.write(dir.resolve("usage.db"), "not a database, just text".repeat(100)
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> SqliteUsageStoreFactory.open(file, UsageSettings.DEFAULTS))
                .isInstanceOf(UsageStoreException.class)
                .hasMessageContaining("cannot open the usage database " + file.toAbsolutePath());
    }

    @Test
    void aPathThatCannotBeCreatedIsAClearErrorNamingIt() throws Exception {
        Path blocker = Files.writeString(dir.resolve("a-file"), "x");
        Path file = blocker.resolve("usage.db");

        assertThatThrownBy(() -> SqliteUsageStoreFactory.open(file, UsageSettings.DEFAULTS))
                .isInstanceOf(UsageStoreException.class)
                .hasMessageContaining("cannot open the usage database " + file.toAbsolutePath());
    }

    @Test
    void theConfigsStoreIsFoundThroughTheServiceLoaderRelativeToTheConfigsFolder() {
        UsageStore store = UsageStores.open(new UsageSettings("sqlite:data/usage.db", 90, 100), dir).orElseThrow();
        open.add(store);

        assertThat(store.status().description()).isEqualTo("sqlite:" + dir.resolve("data/usage.db"));
        assertThat(dir.resolve("data/usage.db")).isRegularFile();
        assertThat(UsageStores.open(new UsageSettings("none", 90, 100), dir)).isEmpty();
        assertThatThrownBy(() -> UsageStores.open(new UsageSettings("mysql://db/usage", 90, 100), dir))
                .isInstanceOf(UsageStoreException.class).hasMessageContaining("'mysql:'");
    }

    @Test
    void aStoreOpenedForQueriesReadsWhatAWriterInAnotherConnectionWrote() {
        UsageStore writer = store();
        writer.record(Records.answered(NOW, "team-a", "gpt-4o", "openai", 7, 1, "0.5"));
        awaitWritten(writer, 1);
        UsageSettings settings = new UsageSettings("sqlite:usage.db", 90, 100);

        UsageStore reader = UsageStores.openForQueries(settings, dir);
        open.add(reader);

        assertThat(reader.totals(UsageQuery.since(Instant.EPOCH, Dimension.CLIENT)).getFirst().cost())
                .isEqualByComparingTo("0.5");
        assertThatThrownBy(() -> UsageStores.openForQueries(new UsageSettings("sqlite:missing.db", 90, 100), dir))
                .isInstanceOf(UsageStoreException.class).hasMessageContaining("no usage database at");
    }
}
