package dev.aiproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.translate.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The request log's filters over rows that have no index but for failures, the same for every database: records of
 * three hours, one of them a long request that started in the first hour and was written among the second's, so that
 * the hours' id ranges overlap.
 */
final class RequestLogScenario {
    private RequestLogScenario() {
    }

    static void check(UsageStore store, Instant now) {
        Instant h1 = now.minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant h2 = h1.plus(Duration.ofHours(1));
        Instant h3 = h2.plus(Duration.ofHours(1));
        List<UsageRecord> written = List.of(
                Records.answered(h1.plusSeconds(600), "a", "m1", "p1", 1, 0, "0.1"),
                Records.answered(h1.plusSeconds(1200), "b", "m2", "p2", 2, 0, "0.1"),
                Records.answered(h2.plusSeconds(300), "a", "m1", "p1", 3, 0, "0.1"),
                // started in the first hour, ended (and written) in the second
                Records.answered(h1.plusSeconds(3000), "a", "m2", "p2", 4, 0, "0.1"),
                Records.refused(h2.plusSeconds(1800), "b", "m1", 429),
                Records.refused(h3.plusSeconds(60), "a", "m1", 500),
                Records.answered(h3.plusSeconds(600), "b", "m1", "p1", 7, 0, "0.1"),
                Records.answered(h3.plusSeconds(1200), "a", "m1", "p1", 8, 0, "0.1"));
        written.forEach(store::record);
        Await.until(Duration.ofSeconds(60), () -> store.status().written() >= written.size(), "records written");

        assertThat(ids(store, RequestLogQuery.latest(10))).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(ids(store, RequestLogQuery.latest(10).withClient("a"))).containsExactly(8, 6, 4, 3, 1);
        assertThat(ids(store, RequestLogQuery.latest(10).withModel("m2"))).containsExactly(4, 2);
        assertThat(ids(store, RequestLogQuery.latest(10).withProvider("p1"))).containsExactly(8, 7, 3, 1);
        assertThat(ids(store, RequestLogQuery.latest(10).between(h1, h2))).containsExactly(4, 2, 1);
        assertThat(ids(store, RequestLogQuery.latest(10).between(h2, h2.plusSeconds(600)))).containsExactly(3);
        assertThat(ids(store, RequestLogQuery.latest(10).withStatus(500))).containsExactly(6);
        assertThat(ids(store, RequestLogQuery.latest(10).withStatus(500).withClient("b"))).isEmpty();
        assertThat(ids(store, RequestLogQuery.latest(10).withStatus(429))).containsExactly(5);
        assertThat(ids(store, RequestLogQuery.latest(10).withStatus(200).withClient("b"))).containsExactly(7, 2);
        assertThat(ids(store, RequestLogQuery.latest(10).withClient("nobody"))).isEmpty();

        // pages of two across the hours' ranges
        RequestLogPage first = store.requestLog(RequestLogQuery.latest(2).withClient("a"));
        RequestLogPage second = store.requestLog(RequestLogQuery.latest(2).withClient("a").after(first.next()));
        RequestLogPage third = store.requestLog(RequestLogQuery.latest(2).withClient("a").after(second.next()));
        assertThat(ids(first)).containsExactly(8, 6);
        assertThat(ids(second)).containsExactly(4, 3);
        assertThat(ids(third)).containsExactly(1);
        assertThat(third.next()).isNull();
    }

    /** Which of the scenario's records (by their input tokens, or the status's last digit for a refusal). */
    private static List<Integer> ids(UsageStore store, RequestLogQuery query) {
        return ids(store.requestLog(query));
    }

    private static List<Integer> ids(RequestLogPage page) {
        return page.records().stream().map(r -> r.usage() != null ? (int) r.usage().inputTokens()
                : r.status() == 429 ? 5 : 6).toList();
    }
}
