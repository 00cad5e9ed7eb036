package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.routing.testing.MutableClock;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries across credentials, cooldowns, fallbacks and timeouts, against WireMock upstreams. */
class ResilienceTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));

    private static ProviderConfig pool(String baseUrl, String... keys) {
        ProviderConfig.Builder b = ProviderConfig.builder("pool", "openai-compatible").baseUrl(baseUrl)
                .model("gpt-4o-mini-2024-07-18", "m");
        for (String key : keys) {
            b.apiKey(key);
        }
        return b.build();
    }

    private Gateway gateway(Resilience resilience, ProviderConfig... providers) {
        GatewayConfig.Builder config = GatewayConfig.builder().echoModel(false).resilience(resilience);
        for (ProviderConfig p : providers) {
            config.addProvider(p);
        }
        return Gateway.builder(config.build()).clock(clock).build();
    }

    private static void keyAnswers(String key, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(answer));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder rateLimited(int retryAfter) {
        return aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", Integer.toString(retryAfter))
                .withBody(Fixtures.bytes("openai/error-429.json"));
    }

    private static int callsWith(String key) {
        return upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + key))).size();
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.builder().model(model).user("Hello").build();
    }

    @Test
    void clientsNeverSeeARateLimitAnotherKeyCouldServeAndTheCooledKeyRestsUntilItRecovers() {
        keyAnswers("k1", rateLimited(30));
        keyAnswers("k2", ok());
        try (Gateway gateway = gateway(Resilience.DEFAULTS, pool(upstream.baseUrl() + "/v1", "k1", "k2"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(gateway.chat(hello("m")).text()).isEqualTo("Hello! How can I assist you today?");
            }
            assertThat(callsWith("k1")).isEqualTo(1);
            assertThat(callsWith("k2")).isEqualTo(10);
            assertThat(gateway.health().models()).containsEntry("m", HealthReport.Status.DEGRADED);

            keyAnswers("k1", ok());
            clock.advance(Duration.ofSeconds(29));
            gateway.chat(hello("m"));
            gateway.chat(hello("m"));
            assertThat(callsWith("k1")).as("still cooling at 29 s").isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            for (int i = 0; i < 4; i++) {
                gateway.chat(hello("m"));
            }
            assertThat(callsWith("k1")).as("back in rotation after Retry-After").isEqualTo(3);
            assertThat(gateway.health().models()).containsEntry("m", HealthReport.Status.HEALTHY);
        }
    }

    @Test
    void movesOnFromARefusedConnection() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        keyAnswers("live", ok());
        ProviderConfig dead = ProviderConfig.builder("dead", "openai-compatible")
                .baseUrl("http://127.0.0.1:" + closed + "/v1").apiKey("gone").model("gpt-4o-mini", "m").build();
        try (Gateway gateway = gateway(Resilience.builder().strategy(
                dev.aiproxy.routing.config.RoutingStrategy.FILL_FIRST).build(), dead,
                pool(upstream.baseUrl() + "/v1", "live"))) {
            for (int i = 0; i < 5; i++) {
                assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
            }
            assertThat(gateway.health().providers()).containsEntry("dead", HealthReport.Status.DOWN)
                    .containsEntry("pool", HealthReport.Status.HEALTHY);
        }
        assertThat(callsWith("live")).isEqualTo(5);
    }

    @Test
    void movesOnFromAResetConnection() {
        keyAnswers("k1", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        keyAnswers("k2", ok());
        try (Gateway gateway = gateway(Resilience.DEFAULTS, pool(upstream.baseUrl() + "/v1", "k1", "k2"))) {
            for (int i = 0; i < 4; i++) {
                assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
            }
        }
        assertThat(callsWith("k1")).isEqualTo(1);
    }

    @Test
    void movesOnFromAnUpstreamThatHangsPastTheFirstByteTimeout() {
        keyAnswers("slow", ok().withFixedDelay(3_000));
        keyAnswers("fast", ok());
        GatewayConfig config = GatewayConfig.builder().echoModel(false)
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5)))
                .resilience(Resilience.builder().strategy(dev.aiproxy.routing.config.RoutingStrategy.FILL_FIRST)
                        .build())
                .addProvider(pool(upstream.baseUrl() + "/v1", "slow", "fast")).build();
        try (Gateway gateway = Gateway.builder(config).clock(clock).build()) {
            long start = System.nanoTime();
            assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
            assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
        }
        assertThat(callsWith("slow")).isEqualTo(1);
    }

    @Test
    void theTotalDeadlineCutsTheLastAttemptShortAndAnswers504InTheClientsFormat() throws IOException {
        keyAnswers("k1", aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}").withFixedDelay(400));
        keyAnswers("k2", ok().withFixedDelay(400));
        GatewayConfig config = GatewayConfig.builder().echoModel(false)
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofMillis(600)))
                .resilience(Resilience.builder().strategy(dev.aiproxy.routing.config.RoutingStrategy.FILL_FIRST)
                        .build())
                .addProvider(pool(upstream.baseUrl() + "/v1", "k1", "k2")).build();
        try (Gateway gateway = Gateway.builder(config).clock(clock).build()) {
            long start = System.nanoTime();
            GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.ANTHROPIC_MESSAGES,
                    "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                            .getBytes(StandardCharsets.UTF_8)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.status()).isEqualTo(504);
            assertThat(new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8))
                    .contains("\"type\":\"error\"").contains("timed out");
            assertThat(took).as("one 400 ms attempt, then the 200 ms left").isLessThan(Duration.ofMillis(1_500));
        }
        assertThat(callsWith("k1")).isEqualTo(1);
        assertThat(callsWith("k2")).as("tried with what was left, not its own 5 s").isEqualTo(1);
    }

    @Test
    void noFurtherRoundWaitsPastTheTotalDeadline() {
        keyAnswers("k1", rateLimited(2));
        GatewayConfig config = GatewayConfig.builder().echoModel(false)
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(1)))
                .addProvider(pool(upstream.baseUrl() + "/v1", "k1")).build();
        try (Gateway gateway = Gateway.create(config)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> gateway.chat(hello("m")))
                    .isInstanceOf(dev.aiproxy.api.error.UpstreamException.class)
                    .satisfies(e -> assertThat(((dev.aiproxy.api.error.GatewayException) e).status()).isEqualTo(429));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 2 s wait for the key did not fit")
                    .isLessThan(Duration.ofSeconds(1));
        }
        assertThat(callsWith("k1")).isEqualTo(1);
    }

    @Test
    void answersExhaustionWith429AndTheSoonestRecovery() throws IOException {
        keyAnswers("k1", rateLimited(50));
        keyAnswers("k2", rateLimited(40));
        try (Gateway gateway = gateway(Resilience.DEFAULTS, pool(upstream.baseUrl() + "/v1", "k1", "k2"))) {
            assertThatThrownBy(() -> gateway.chat(hello("m")))
                    .isInstanceOf(dev.aiproxy.api.error.UpstreamException.class)
                    .satisfies(e -> {
                        assertThat(((dev.aiproxy.api.error.GatewayException) e).status()).isEqualTo(429);
                        assertThat(((dev.aiproxy.api.error.GatewayException) e).retryAfter())
                                .contains(Duration.ofSeconds(40));
                    });
            // 31 s before the first key is back: longer than max-retry-interval (30 s), so no round waits for it
            clock.advance(Duration.ofSeconds(9));

            GatewayResponse second = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                    "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));

            assertThat(second.status()).isEqualTo(429);
            assertThat(new String(GatewayTest.bodyOf(second), StandardCharsets.UTF_8))
                    .contains("every credential for 'm' is rate limited");
            assertThat(second.headers()).containsEntry("Retry-After", "31");
            assertThat(gateway.health().unavailableModels()).containsExactly("m");
        }
        assertThat(callsWith("k1") + callsWith("k2")).as("no key is asked while cooling").isEqualTo(2);
    }

    @Test
    void waitsForAKeyThatIsBackWithinTheRetryInterval() {
        upstream.stubFor(post("/v1/chat/completions").inScenario("once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(rateLimited(1)).willSetStateTo("recovered"));
        upstream.stubFor(post("/v1/chat/completions").inScenario("once").whenScenarioStateIs("recovered")
                .willReturn(ok()));
        GatewayConfig config = GatewayConfig.builder().echoModel(false)
                .addProvider(pool(upstream.baseUrl() + "/v1", "only")).build();
        try (Gateway gateway = Gateway.create(config)) {
            long start = System.nanoTime();

            assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(callsWith("only")).isEqualTo(2);
    }

    @Test
    void keepsARejectedKeyOutUntilTheConfigChanges() {
        keyAnswers("revoked", aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/error-401.json")));
        keyAnswers("good", ok());
        ProviderConfig provider = pool(upstream.baseUrl() + "/v1", "revoked", "good");
        try (Gateway gateway = gateway(Resilience.DEFAULTS, provider)) {
            clock.advance(Duration.ofHours(1));
            for (int i = 0; i < 6; i++) {
                gateway.chat(hello("m"));
                clock.advance(Duration.ofMinutes(10));
            }
            assertThat(callsWith("revoked")).isEqualTo(1);

            gateway.reload(GatewayConfig.builder().echoModel(false).addProvider(provider).build());
            gateway.chat(hello("m"));
            gateway.chat(hello("m"));
        }
        assertThat(callsWith("revoked")).as("given another chance after the reload").isEqualTo(2);
    }

    @Test
    void followsARequestScopedRuleToTheNextKey() {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer small"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                                + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}")));
        keyAnswers("large", ok());
        String yaml = """
                echo: false
                routing:
                  strategy: fill-first
                openai-compatibility:
                  - name: pool
                    base-url: %s/v1
                    api-key-entries:
                      - api-key: small
                        request-scoped-errors:
                          - status: 400
                            match: ["context_length_exceeded"]
                            action: continue
                      - api-key: large
                    models:
                      - name: gpt-4o-mini
                        alias: m
                """.formatted(upstream.baseUrl());
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of())
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
        try (Gateway gateway = Gateway.builder(config).clock(clock).build()) {
            assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
            assertThat(gateway.chat(hello("m")).text()).startsWith("Hello!");
        }
        assertThat(callsWith("small")).as("no cooldown: the rule said continue").isEqualTo(2);
    }

    @Test
    void stopsAtABadRequestWithoutTryingAnotherKey() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\"}}")));
        try (Gateway gateway = gateway(Resilience.DEFAULTS, pool(upstream.baseUrl() + "/v1", "k1", "k2"))) {
            assertThatThrownBy(() -> gateway.chat(hello("m")))
                    .hasMessageContaining("Invalid value for 'temperature'");
        }
        assertThat(upstream.getAllServeEvents()).hasSize(1);
    }

    @Test
    void triesNoMoreKeysPerRoundThanAllowed() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500)));
        Resilience capped = Resilience.builder().maxRetryCredentials(1).requestRetry(0).build();
        try (Gateway gateway = gateway(capped, pool(upstream.baseUrl() + "/v1", "k1", "k2", "k3"))) {
            assertThatThrownBy(() -> gateway.chat(hello("m"))).hasMessageContaining("answered 500");
        }
        assertThat(upstream.getAllServeEvents()).hasSize(1);
    }

    @Test
    void fallsBackFromAnOpenAiModelToAnAnthropicOneAndAnswersInOpenAiFormat() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-o").model("gpt-4o").build();
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        Resilience chain = Resilience.builder().fallback("gpt-4o", List.of("claude-sonnet")).build();
        try (Gateway gateway = gateway(chain, openai, claude)) {
            GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                            .getBytes(StandardCharsets.UTF_8)));

            String body = new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("X-Gateway-Model", "claude-sonnet");
            assertThat(body).contains("\"object\":\"chat.completion\"").contains("Hi! My name is Claude.")
                    .contains("\"model\":\"gpt-4o\"");
        }
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant")));
    }

    @Test
    void fallsBackBeforeTheFirstByteOfAStream() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(rateLimited(60)));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("anthropic/stream-text.sse"))));
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-o").model("gpt-4o").build();
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        Resilience chain = Resilience.builder().fallback("gpt-4o", List.of("claude-sonnet")).build();
        try (Gateway gateway = gateway(chain, openai, claude)) {
            GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                    "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                            .getBytes(StandardCharsets.UTF_8)));

            String body = new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8);
            assertThat(response.headers()).containsEntry("X-Gateway-Model", "claude-sonnet");
            assertThat(body).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void neverRetriesOnceAnAnswerHasStarted() throws IOException {
        keyAnswers("k1", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        keyAnswers("k2", ok());
        try (Gateway gateway = gateway(Resilience.builder().strategy(
                dev.aiproxy.routing.config.RoutingStrategy.FILL_FIRST).build(),
                pool(upstream.baseUrl() + "/v1", "k1", "k2"))) {
            GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                    "{\"model\":\"m\",\"stream\":true,\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));
            // the upstream's failure, not the client's: the relayed stream ends with an error event in its format
            String body = new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8);
            assertThat(body).startsWith("data: {\"error\":").contains("upstream stream broke off")
                    .doesNotContain("[DONE]");
        }
        assertThat(callsWith("k2")).isZero();
    }

    @Test
    void givesUpOnAStreamThatFallsSilent() {
        keyAnswers("k1", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("openai/chat-completion-stream.sse")).withChunkedDribbleDelay(2, 4_000));
        GatewayConfig config = GatewayConfig.builder().echoModel(false)
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(500)))
                .addProvider(pool(upstream.baseUrl() + "/v1", "k1")).build();
        List<StreamEvent> events = new ArrayList<>();
        try (Gateway gateway = Gateway.builder(config).clock(clock).build();
                ChatStream stream = gateway.stream(hello("m"))) {
            assertThatThrownBy(() -> stream.forEach(events::add))
                    .isInstanceOf(UpstreamTimeoutException.class)
                    .hasMessage("upstream stream timed out after 500 ms");
        }
        assertThat(events).isNotEmpty();
    }
}
