package dev.aiproxy.bench;

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
import dev.aiproxy.usage.SqliteUsageStoreFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The usage store at size (issue 12): ingests N records (default 1,000,000) spread over 30 days through the real
 * writer (bounded queue, one thread, batched transactions) into a fresh SQLite file, then times the queries a
 * dashboard and {@code gateway usage} make: each run {@value #RUNS} times after a warm-up, median and worst printed.
 * Targets: ingest at least 20,000 records/s; each query under 50 ms.
 *
 *   java -cp bench/target/classes:gateway-server-jdk/target/gateway.jar dev.aiproxy.bench.UsageStoreBench [N] [DIR]
 */
public final class UsageStoreBench {
    private static final int RUNS = 15;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final int CLIENTS = 20;
    private static final String[][] MODELS = {
        {"gpt-4o", "openai"}, {"gpt-4o-mini", "openai"}, {"gpt-5", "openai"}, {"o4-mini", "openai"},
        {"claude-sonnet-4-5", "anthropic"}, {"claude-haiku-4-5", "anthropic"}, {"claude-opus-4-1", "anthropic"},
        {"gemini-2.5-pro", "gemini"}, {"gemini-2.5-flash", "gemini"}, {"deepseek-chat", "deepseek"},
        {"deepseek-reasoner", "deepseek"}, {"mistral-large-latest", "mistral"}, {"grok-4", "xai"},
        {"llama-3.3-70b-versatile", "groq"}, {"local-llama", "ollama"}};

    private static final String[] CLIENT_NAMES = new String[CLIENTS];

    static {
        for (int i = 0; i < CLIENTS; i++) {
            CLIENT_NAMES[i] = "team-" + i;
        }
    }

    private UsageStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("usage-bench");
        Path file = dir.resolve("usage.db");
        Files.deleteIfExists(file);
        System.out.printf(Locale.ROOT, "usage store bench: %,d records into %s%n", count, file);
        UsageStore store = SqliteUsageStoreFactory.open(file, new UsageSettings("sqlite:" + file, 0, count),
                Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            ingest(store, count);
        } finally {
            store.close();
        }
        // as after a restart: the store opens a file of that size (and sizes up its indexes for the planner)
        long t0 = System.nanoTime();
        store = SqliteUsageStoreFactory.open(file, new UsageSettings("sqlite:" + file, 0, 1_000),
                Clock.fixed(NOW, ZoneOffset.UTC));
        System.out.printf(Locale.ROOT, "open (schema check, planner statistics): %.0f ms%n",
                (System.nanoTime() - t0) / 1e6);
        try {
            queries(store);
        } finally {
            store.close();
        }
        System.out.printf(Locale.ROOT, "file: %,d bytes (+ WAL)%n", Files.size(file));
    }

    /**
     * Makes every record first, then offers them all at once (the queue holds them all) and waits for the writer: its
     * rate, from the first offer to the last row committed, is the figure, with nothing else running in the JVM.
     */
    private static void ingest(UsageStore store, int count) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(12);
        long span = Duration.ofDays(30).toMillis();
        Instant start = NOW.minus(Duration.ofDays(30));
        UsageRecord[] records = new UsageRecord[count];
        for (int i = 0; i < count; i++) {
            // in time order, as records arrive; a few seconds of jitter, as streams end out of order
            records[i] = record(random, i, start.plusMillis(span * i / count + random.nextLong(5_000)));
        }
        long t0 = System.nanoTime();
        for (UsageRecord r : records) {
            store.record(r);
        }
        long offered = System.nanoTime();
        while (store.status().written() + store.status().dropped() < count) {
            Thread.sleep(20);
        }
        long done = System.nanoTime();
        System.out.printf(Locale.ROOT, "ingest: %,d records in %.1f s = %,.0f records/s through the writer "
                + "(offering took %.2f s, dropped %d)%n", count, (done - t0) / 1e9, count / ((done - t0) / 1e9),
                (offered - t0) / 1e9, store.status().dropped());
    }

    private static UsageRecord record(SplittableRandom random, int i, Instant at) {
        String[] model = MODELS[random.nextInt(MODELS.length)];
        String client = CLIENT_NAMES[random.nextInt(CLIENTS)];
        int roll = random.nextInt(1000);
        int status = roll < 970 ? 200 : roll < 990 ? 429 : 500;
        boolean ok = status == 200;
        long input = 200 + random.nextInt(8_000);
        long output = 20 + random.nextInt(1_500);
        UsageRecord.Builder b = UsageRecord.builder(String.format("req_%032x", i), at)
                .duration(Duration.ofMillis(200 + random.nextInt(5_000))).client(client)
                .format(ApiFormat.values()[random.nextInt(4)]).endpoint("/v1/chat/completions").model(model[0])
                .stream(random.nextBoolean()).attempts(ok ? 1 : 2).status(status);
        if (ok) {
            b.servedBy(new UsageRecord.ServedBy(model[0], model[1], model[0], model[1] + "/" + (i % 7)))
                    .timeToFirstByte(Duration.ofMillis(80 + random.nextInt(900)))
                    .usage(new Usage(input, output, input / 3, 0, 0))
                    .cost(model[1].equals("ollama") ? null : BigDecimal.valueOf(input * 3 + output * 15, 9));
        } else {
            b.outcome(UsageRecord.Outcome.FAILED).errorType(status == 429 ? ErrorType.RATE_LIMITED
                    : ErrorType.UPSTREAM);
        }
        return b.build();
    }

    private static void queries(UsageStore store) {
        Instant monthAgo = NOW.minus(Duration.ofDays(30));
        Instant weekAgo = NOW.minus(Duration.ofDays(7));
        RequestLogQuery page = RequestLogQuery.latest(50);
        String cursor = store.requestLog(page.withClient("team-3")).next();
        List<String[]> rows = new ArrayList<>();
        rows.add(time("totals per day per client, 30 days", () -> store.totals(
                UsageQuery.since(monthAgo, Dimension.DAY, Dimension.CLIENT)).size()));
        rows.add(time("totals per client, last 7 days (not day-aligned)", () -> store.totals(
                UsageQuery.since(weekAgo, Dimension.CLIENT)).size()));
        rows.add(time("totals per model and provider, 30 days", () -> store.totals(
                UsageQuery.since(monthAgo, Dimension.MODEL, Dimension.PROVIDER)).size()));
        rows.add(time("totals per hour, last 24 hours", () -> store.totals(
                UsageQuery.since(NOW.minus(Duration.ofDays(1)), Dimension.HOUR)).size()));
        rows.add(time("request log: newest 50", () -> store.requestLog(page).records().size()));
        rows.add(time("request log: one client, newest 50", () -> store.requestLog(page.withClient("team-3"))
                .records().size()));
        rows.add(time("request log: one client, page 2", () -> store.requestLog(page.withClient("team-3")
                .after(cursor)).records().size()));
        rows.add(time("request log: status 500, newest 50", () -> store.requestLog(page.withStatus(500))
                .records().size()));
        rows.add(time("request log: one model, status 500 (both filters)", () -> store.requestLog(
                page.withModel("gpt-5").withStatus(500)).records().size()));
        rows.add(time("request log: one client, one day 20 days ago", () -> store.requestLog(page
                .withClient("team-7").between(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(19))))
                .records().size()));
        rows.add(time("request log: one provider, one hour 10 days ago", () -> store.requestLog(page
                .withProvider("xai").between(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(10))
                        .plus(Duration.ofHours(1)))).records().size()));
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %6s%n", "query", "median ms", "worst ms", "rows");
        for (String[] row : rows) {
            System.out.printf(Locale.ROOT, "%-52s %10s %10s %6s%n", (Object[]) row);
        }
    }

    private static String[] time(String what, Supplier<Integer> query) {
        int rows = 0;
        for (int i = 0; i < 3; i++) {
            rows = query.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new String[] {what, String.format(Locale.ROOT, "%.2f", ms[RUNS / 2]),
            String.format(Locale.ROOT, "%.2f", ms[RUNS - 1]), Integer.toString(rows)};
    }
}
