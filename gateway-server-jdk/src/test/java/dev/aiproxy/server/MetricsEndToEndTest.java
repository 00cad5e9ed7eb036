package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.MetricsSettings;
import dev.aiproxy.server.testing.PrometheusText;
import dev.aiproxy.server.testing.PrometheusText.Family;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} over HTTP: who may read it, and what requests made with the OpenAI SDK add to it. */
class MetricsEndToEndTest {
    private static final String SECRET = "gw-management-secret-0123456789";
    private static final String UNKNOWN_MODEL = "gpt-from-a-client-7f3a9c";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private RunningGateway running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private void start(GatewayConfig config) {
        running = RunningGateway.withStore(config, dir);
    }

    private GatewayConfig.Builder config() {
        return FormatUpstreams.config(upstream.baseUrl()).toBuilder();
    }

    private RawHttp.Response metrics(String... headers) throws Exception {
        return RawHttp.get(running.baseUrl() + "/metrics", headers);
    }

    private Map<String, Family> scrape() throws Exception {
        RawHttp.Response r = metrics("Authorization", "Bearer " + SECRET);
        assertThat(r.status()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    @Test
    void requestsMadeWithTheSdkAreCountedByFormatModelProviderAndStatusClass() throws Exception {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(config().managementSecret(SECRET).build());
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1")
                .apiKey(FormatUpstreams.CLIENT_KEY).maxRetries(0).build();

        for (int i = 0; i < 2; i++) {
            openAi.chat().completions().create(ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hi")
                    .build());
        }
        assertThatThrownBy(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(UNKNOWN_MODEL).addUserMessage("Hi").build())).isInstanceOf(NotFoundException.class);
        // a request's record is told to listeners once its answer has ended, which the client may see first
        Await.until(Duration.ofSeconds(20), () -> requests(Map.of()) == 3, "three requests counted");
        Map<String, Family> families = scrape();

        Family requests = families.get("gw_requests_total");
        assertThat(requests.type()).isEqualTo("counter");
        assertThat(requests.sum("gw_requests_total", Map.of("format", "openai-chat", "model", GPT,
                "provider", "openai", "status_class", "2xx", "outcome", "completed"))).isEqualTo(2);
        assertThat(requests.sum("gw_requests_total", Map.of("model", "other", "provider", "none",
                "status_class", "4xx", "outcome", "failed"))).isEqualTo(1);
        assertThat(families.values()).flatMap(Family::samples).flatMap(s -> s.labels().values())
                .as("the model name a client sent is never a label value").doesNotContain(UNKNOWN_MODEL);
        Family tokens = families.get("gw_tokens_total");
        assertThat(tokens.sum("gw_tokens_total", Map.of("model", GPT, "kind", "input"))).isEqualTo(38);
        assertThat(tokens.sum("gw_tokens_total", Map.of("model", GPT, "kind", "output"))).isEqualTo(20);
        Family duration = families.get("gw_request_duration_seconds");
        assertThat(duration.type()).isEqualTo("histogram");
        assertThat(duration.sum("gw_request_duration_seconds_count", Map.of("model", GPT))).isEqualTo(2);
        assertThat(duration.samples("gw_request_duration_seconds_bucket", Map.of("model", GPT))).extracting(
                s -> s.labels().get("le")).contains("0.1", "1.0", "+Inf");
        assertThat(families.get("gw_time_to_first_byte_seconds").sum("gw_time_to_first_byte_seconds_count",
                Map.of("model", GPT))).isEqualTo(2);
        assertThat(families.get("gw_cost_usd_total").sum("gw_cost_usd_total", Map.of("model", GPT)))
                .isPositive();
        assertThat(families.get("gw_upstream_attempts_total").sum("gw_upstream_attempts_total",
                Map.of("model", GPT))).isEqualTo(2);
        assertThat(families.get("gw_cooldowns_active").type()).isEqualTo("gauge");
        assertThat(families).containsKeys("gw_usage_store_queued", "gw_usage_store_dropped_total",
                "gw_usage_store_written_total", "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
                "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");
    }

    private double requests(Map<String, String> labels) {
        try {
            Family requests = scrape().get("gw_requests_total");
            return requests == null ? 0 : requests.sum("gw_requests_total", labels);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutAManagementSecretMetricsAre404() throws Exception {
        start(config().build());

        RawHttp.Response r = metrics("Authorization", "Bearer " + SECRET);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("remote-management.secret-key");
    }

    @Test
    void withASecretMetricsNeedIt() throws Exception {
        start(config().managementSecret(SECRET).build());

        RawHttp.Response missing = metrics();
        RawHttp.Response wrong = metrics("X-Management-Key", "not-the-secret");
        RawHttp.Response right = metrics("X-Management-Key", SECRET);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.headers().get("content-type")).containsExactly("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void publicMetricsAnswerWithoutASecret() throws Exception {
        start(config().metrics(new MetricsSettings(true)).build());

        RawHttp.Response r = metrics();

        assertThat(r.status()).isEqualTo(200);
        assertThat(PrometheusText.parse(r.body())).containsKey("process_uptime_seconds");
    }

    @Test
    void aReloadThatMakesMetricsPublicAppliesAtOnce() throws Exception {
        start(config().build());
        assertThat(metrics().status()).isEqualTo(404);

        running.gateway().reload(running.gateway().config().toBuilder().metrics(new MetricsSettings(true)).build());

        assertThat(metrics().status()).isEqualTo(200);
    }

    @Test
    void aScraperThatAsksForOpenMetricsGetsIt() throws Exception {
        start(config().metrics(new MetricsSettings(true)).build());

        RawHttp.Response r = metrics("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type"))
                .containsExactly("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.body()).endsWith("# EOF\n");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        start(config().managementSecret(SECRET).build());

        RawHttp.Response r = RawHttp.post(running.baseUrl() + "/metrics", "{}", "X-Management-Key", SECRET);

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers().get("allow")).containsExactly("GET");
    }
}
