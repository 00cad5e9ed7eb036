package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway usage}: tables from the usage store beside the config, read while nothing else is needed. */
class UsageCommandTest {
    @TempDir
    Path dir;

    private Path config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void storeSomeRequests() throws Exception {
        config = Files.writeString(dir.resolve("gateway.yaml"), "usage:\n  store: sqlite:data/usage.db\n");
        try (UsageStore store = UsageStores.open(new UsageSettings("sqlite:data/usage.db", 90, 100), dir)
                .orElseThrow()) {
            Instant now = Instant.now();
            store.record(record("req_1", now.minus(Duration.ofDays(2)), "team-a", "gpt-4o", "openai", "0.25"));
            store.record(record("req_2", now.minusSeconds(60), "team-a", "claude-sonnet", "claude", "1.5"));
            store.record(record("req_3", now.minusSeconds(30), "team-b", "llama", "local", null));
            store.record(record("req_4", now.minus(Duration.ofDays(20)), "team-c", "gpt-4o", "openai", "9"));
        }
    }

    private static UsageRecord record(String id, Instant at, String client, String model, String provider,
            String cost) {
        return UsageRecord.builder(id, at).client(client).format(ApiFormat.OPENAI_CHAT)
                .endpoint("/v1/chat/completions").model(model).duration(Duration.ofMillis(250))
                .servedBy(new UsageRecord.ServedBy(model, provider, model, provider + "/0000"))
                .attempts(1).usage(Usage.of(1_000, 200)).cost(cost == null ? null : new BigDecimal(cost)).build();
    }

    private int usage(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "usage";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(all);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheLastWeeksTotalsPerClientByDefault() {
        assertThat(usage()).isZero();

        assertThat(stdout()).contains("client  requests  failed  input  output  cached  cost (USD)  unpriced")
                .containsPattern("team-a\\s+2\\s+0\\s+2,000\\s+400\\s+0\\s+1\\.750000\\s+0")
                .containsPattern("team-b\\s+1\\s+0\\s+1,000\\s+200\\s+0\\s+0\\.000000\\s+1")
                .doesNotContain("team-c")
                .contains("total: 3 requests, $1.750000");
    }

    @Test
    void groupsByDayAndModelOverARangeGiven() {
        assertThat(usage("--since", "30d", "--by", "model,day")).isZero();

        assertThat(stdout()).containsPattern("\\d{4}-\\d{2}-\\d{2}\\s+gpt-4o\\s+1\\s").contains("claude-sonnet")
                .contains("total: 4 requests, $10.750000");
    }

    @Test
    void printsTheLatestRequestsWithAFilter() {
        assertThat(usage("--log", "--client", "team-a")).isZero();

        assertThat(stdout()).contains("req_2").contains("req_1").doesNotContain("req_3")
                .containsPattern("req_2\\s+team-a\\s+claude-sonnet\\s+claude\\s+200\\s+completed\\s+250\\s+1,000\\s+200"
                        + "\\s+1\\.500000");
    }

    @Test
    void namesABadOptionAndAMissingStore() throws Exception {
        assertThat(usage("--by", "colour")).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--by expects client, model, provider, day or hour");

        Files.writeString(config, "usage:\n  store: sqlite:elsewhere.db\n");
        assertThat(usage()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no usage database at " + dir.resolve("elsewhere.db"));
    }
}
