package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LogSettings;
import dev.aiproxy.server.testing.LogCapture;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The request log: one line per finished request, as text or JSON, on the log or in a file that rotates. */
class RequestLogEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayServer server;
    private LogCapture log;

    @BeforeEach
    void upstreamAnswers() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        log.close();
    }

    private void start(LogSettings logging) {
        GatewayConfig config = FormatUpstreams.config(upstream.baseUrl()).toBuilder().logging(logging)
                .source(dir.resolve("config.yaml")).build();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
    }

    private String chat() {
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1")
                .apiKey(FormatUpstreams.CLIENT_KEY).maxRetries(0).build();
        var completion = openAi.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hi").build());
        completion.parse();
        return completion.requestId().orElseThrow();
    }

    private String lineWith(String id) {
        Await.until(WAIT, () -> log.text().contains(id), "the request's log line");
        return log.text().lines().filter(l -> l.contains(id)).findFirst().orElseThrow();
    }

    @Test
    void eachRequestGetsOneTextLineWithWhoAskedWhatServedItAndWhatItCost() {
        start(LogSettings.DEFAULTS);

        String id = chat();
        String line = lineWith(id);

        assertThat(line).contains("INFO");
        assertThat(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z " + Pattern.quote(id)
                + " api-keys#0 gpt -> openai/" + FormatUpstreams.GPT_UPSTREAM
                + " 200 [0-9.]+ms ttfb [0-9.]+ms tokens 19/10 \\$0\\.\\d+$").matcher(line).find())
                .as(line).isTrue();
        assertThat(log.text().lines().filter(l -> l.contains(id)).count()).isEqualTo(1);
    }

    @Test
    void aCacheHitsLineSaysTheCacheServedItForNothing() {
        GatewayConfig config = FormatUpstreams.config(upstream.baseUrl()).toBuilder().logging(LogSettings.DEFAULTS)
                .source(dir.resolve("config.yaml")).cache(new dev.aiproxy.routing.config.CacheSettings(
                        Duration.ofMinutes(5), 1024 * 1024, java.util.List.of(GPT), java.util.List.of()))
                .build();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
        chat();

        String id = chat();
        String line = lineWith(id);

        assertThat(line).contains(" gpt -> cache 200 ").contains("tokens - $0").doesNotContain(" failed");
    }

    @Test
    void aFailedRequestsLineSaysNobodyServedItAndWhy() {
        upstream.resetAll();
        start(LogSettings.DEFAULTS);
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1")
                .apiKey(FormatUpstreams.CLIENT_KEY).maxRetries(0).build();

        try {
            openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("no-such-model")
                    .addUserMessage("Hi").build());
        } catch (RuntimeException expected) {
            // the 404 the line is about
        }
        Await.until(WAIT, () -> log.text().contains("no-such-model -> -"), "the failed request's line");
        String line = log.text().lines().filter(l -> l.contains("no-such-model -> -")).findFirst().orElseThrow();

        assertThat(line).contains(" 404 ").contains("ttfb -").contains("tokens -").contains("$-")
                .contains(" failed ").endsWith("not_found");
    }

    @Test
    void jsonLinesAreTheManagementApisRequestView() throws Exception {
        start(new LogSettings(LogSettings.Format.JSON, null, 1 << 20, 1));

        String id = chat();
        String line = lineWith(id);
        JsonNode json = new ObjectMapper().readTree(line.substring(line.indexOf('{')));

        assertThat(json.path("id").asText()).isEqualTo(id);
        assertThat(json.path("client").asText()).isEqualTo("api-keys#0");
        assertThat(json.path("model").asText()).isEqualTo(GPT);
        assertThat(json.path("served").path("provider").asText()).isEqualTo("openai");
        assertThat(json.path("status").asInt()).isEqualTo(200);
        assertThat(json.path("tokens").path("output").asLong()).isEqualTo(10);
        assertThat(json.path("cost_usd").decimalValue()).isPositive();
        assertThat(json.path("first_byte_ms").asDouble()).isPositive();
    }

    @Test
    void aFileRotatesBySizeKeepingTheConfiguredNumberOfFiles() throws Exception {
        start(new LogSettings(LogSettings.Format.TEXT, Path.of("logs/requests.log"), 1024, 3));

        String last = null;
        for (int i = 0; i < 20; i++) {
            last = chat();
        }
        String newest = last;
        Path current = dir.resolve("logs/requests.log.0");
        Await.until(WAIT, () -> read(current).contains(newest), "the last request in the current file");

        assertThat(dir.resolve("logs/requests.log.1")).exists();
        assertThat(dir.resolve("logs/requests.log.2")).exists();
        assertThat(dir.resolve("logs/requests.log.3")).doesNotExist();
        for (String name : List.of("requests.log.0", "requests.log.1", "requests.log.2")) {
            List<String> lines = Files.readAllLines(dir.resolve("logs").resolve(name));
            assertThat(Files.size(dir.resolve("logs").resolve(name))).isLessThan(1024 + 300);
            assertThat(lines).isNotEmpty().allMatch(l -> l.contains(" api-keys#0 gpt -> openai/"));
        }
        assertThat(log.text()).as("the file's lines go to the file only").doesNotContain(newest);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
