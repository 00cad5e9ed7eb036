package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.ModelNotFoundException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayTest {
    static final String UPSTREAM_KEY = "sk-upstream-secret-0123456789abcdef";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = Gateway.create(config(upstream.baseUrl() + "/v1"));
    }

    @AfterEach
    void closeGateway() {
        gateway.close();
    }

    /** One credential and no further rounds: these tests check what a single failure looks like to the client. */
    static GatewayConfig config(String baseUrl) {
        return GatewayConfig.builder()
                .resilience(dev.aiproxy.routing.config.Resilience.builder().requestRetry(0).build())
                .addProvider(ProviderConfig.builder("upstream", "openai-compatible")
                        .baseUrl(baseUrl)
                        .prefix("team-a")
                        .apiKey(UPSTREAM_KEY)
                        .model("gpt-4o-mini-2024-07-18", "fast")
                        .model("gpt-4o")
                        .model("gpt-4o-preview")
                        .excludedModels(List.of("*preview*"))
                        .build())
                .build();
    }

    private static void answer(String fixture, String contentType) {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(Fixtures.bytes(fixture))));
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.builder().model(model).user("Hello").build();
    }

    @Test
    void answersATypedCallUnderTheModelNameTheCallerUsed() {
        answer("openai/chat-completion.json", "application/json");

        ChatResponse response = gateway.chat(hello("fast"));

        assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(response.model()).isEqualTo("fast");
        assertThat(response.usage()).isEqualTo(Usage.of(19, 10));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + UPSTREAM_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Hello"))));
    }

    @Test
    void reachesAPrefixedModelName() {
        answer("openai/chat-completion.json", "application/json");

        gateway.chat(hello("team-a/gpt-4o"));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
    }

    @Test
    void listsAliasesAndPrefixedNamesButNotExcludedModels() {
        assertThat(gateway.models()).extracting(ModelInfo::id)
                .containsExactly("fast", "team-a/fast", "gpt-4o", "team-a/gpt-4o", "echo");
    }

    @Test
    void refusesAnExcludedModelAsUnknown() {
        assertThatThrownBy(() -> gateway.chat(hello("gpt-4o-preview")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'gpt-4o-preview'");
    }

    @Test
    void pullsAStreamEventByEvent() {
        answer("openai/chat-completion-stream-tool-call.sse", "text/event-stream");
        List<StreamEvent> events = new ArrayList<>();

        try (ChatStream stream = gateway.stream(hello("fast"))) {
            stream.forEach(events::add);
        }

        assertThat(events.getFirst()).isEqualTo(new StreamEvent.MessageStart("chatcmpl-9tool", "fast", Usage.ZERO));
        assertThat(events.getLast()).isEqualTo(new StreamEvent.MessageStop());
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    @Test
    void pushesAStreamToAListenerAndFoldsItIntoAResponse() {
        answer("openai/chat-completion-stream-tool-call.sse", "text/event-stream");
        List<StreamEvent> events = new ArrayList<>();
        ChatResponse[] folded = new ChatResponse[1];

        gateway.stream(hello("fast"), new StreamListener() {
            @Override
            public void onEvent(StreamEvent event) {
                events.add(event);
            }

            @Override
            public void onComplete(ChatResponse response) {
                folded[0] = response;
            }
        });

        assertThat(events).hasSizeGreaterThan(5);
        assertThat(folded[0].toolCalls()).containsExactly(
                new ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"location\":\"Paris, France\"}"));
        assertThat(folded[0].stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void tellsTheListenerWhenTheStreamCannotStart() {
        GatewayException[] error = new GatewayException[1];

        gateway.stream(hello("no-such-model"), new StreamListener() {
            @Override
            public void onEvent(StreamEvent event) {
            }

            @Override
            public void onError(GatewayException e) {
                error[0] = e;
            }
        });

        assertThat(error[0]).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void publishesOnlyAsMuchAsTheSubscriberRequests() throws InterruptedException {
        answer("openai/chat-completion-stream.sse", "text/event-stream");
        List<StreamEvent> received = new CopyOnWriteArrayList<>();
        CountDownLatch firstTwo = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(1);
        Flow.Subscription[] subscription = new Flow.Subscription[1];

        gateway.publisher(hello("fast")).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(2);
            }

            @Override
            public void onNext(StreamEvent item) {
                received.add(item);
                firstTwo.countDown();
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });

        assertThat(firstTwo.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(received).hasSize(2);
        subscription[0].request(Long.MAX_VALUE);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received.getLast()).isEqualTo(new StreamEvent.MessageStop());
    }

    @Test
    void passesARawRequestThroughWithOnlyTheModelChanged() throws IOException {
        answer("openai/chat-completion.json", "application/json");
        String body = "{ \"model\": \"fast\", \"messages\": [{\"role\":\"user\",\"content\":\"Hi \\u00e9\"}],"
                + " \"logprobs\": true, \"unknown_vendor_field\": {\"x\": [1, 2.50]} }";

        GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                body.getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(bodyOf(response)).isEqualTo(Fixtures.bytes("openai/chat-completion.json"));
        LoggedRequest sent = upstream.getAllServeEvents().getFirst().getRequest();
        assertThat(sent.getBodyAsString()).isEqualTo(body.replace("\"fast\"", "\"gpt-4o-mini-2024-07-18\""));
    }

    @Test
    void relaysARawStreamByteForByte() throws IOException {
        answer("openai/chat-completion-stream.sse", "text/event-stream");

        GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                "{\"model\":\"fast\",\"stream\":true,\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        assertThat(bodyOf(response)).isEqualTo(Fixtures.bytes("openai/chat-completion-stream.sse"));
    }

    @Test
    void relaysAnUpstreamRateLimitWithItsStatusAndRetryAfter() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "7")
                .withBody(Fixtures.bytes("openai/error-429.json"))));

        GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                "{\"model\":\"fast\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).containsEntry("Retry-After", "7");
        assertThat(new String(bodyOf(response), StandardCharsets.UTF_8))
                .contains("Rate limit reached for gpt-4o-mini").contains("\"code\":\"rate_limit_exceeded\"");
    }

    @Test
    void turnsARejectedUpstreamKeyIntoA502ThatShowsNoKey() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + UPSTREAM_KEY + " or sk-ups***cdef"
                        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));

        GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                "{\"model\":\"fast\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));

        String text = new String(bodyOf(response), StandardCharsets.UTF_8);
        assertThat(response.status()).isEqualTo(502);
        assertThat(text).contains("upstream upstream#0 answered 401").doesNotContain(UPSTREAM_KEY)
                .doesNotContain("sk-ups");
    }

    @Test
    void reportsAnUnreachableUpstreamAsA502AndTheModelAsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway.reload(config("http://127.0.0.1:" + closedPort + "/v1"));

        assertThatThrownBy(() -> gateway.chat(hello("fast")))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("cannot connect to upstream upstream#0")
                .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
        assertThat(gateway.health().unavailableModels()).containsExactly("fast", "team-a/fast");
    }

    @Test
    void answersAnUnknownModelWith404InTheClientsFormat() throws IOException {
        GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT,
                "{\"model\":\"gpt-9\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(404);
        assertThat(new String(bodyOf(response), StandardCharsets.UTF_8))
                .contains("\"code\":\"model_not_found\"").contains("'gpt-9'");
    }

    @Test
    void answersOfflineWithTheEchoModel() {
        ChatResponse response = gateway.chat(hello("echo"));

        assertThat(response.text()).isEqualTo("Hello");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void keepsAnUnchangedProviderAcrossAReloadAndServesTheNewConfig() {
        answer("openai/chat-completion.json", "application/json");
        GatewayConfig next = config(upstream.baseUrl() + "/v1").toBuilder().echoModel(false).build();

        gateway.reload(next);

        assertThat(gateway.models()).extracting(ModelInfo::id).doesNotContain("echo");
        assertThat(gateway.chat(hello("fast")).text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(gateway.config()).isSameAs(next);
    }

    @Test
    void rejectsAReloadWithAnUnknownProviderTypeAndKeepsTheOldConfig() {
        GatewayConfig old = gateway.config();
        GatewayConfig bad = GatewayConfig.builder()
                .addProvider(ProviderConfig.builder("x", "no-such-type").apiKey("k").build()).build();

        assertThatThrownBy(() -> gateway.reload(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no provider factory for type 'no-such-type'");
        assertThat(gateway.config()).isSameAs(old);
    }

    @Test
    void aReloadCheckThatRefusesAConfigKeepsTheOldOneLiveUntilItIsRemoved() {
        GatewayConfig old = gateway.config();
        GatewayConfig next = old.toBuilder().echoModel(false).build();
        ReloadCheck noEchoRemoval = c -> {
            if (!c.echoModel()) {
                throw new IllegalStateException("echo must stay");
            }
        };
        gateway.addReloadCheck(noEchoRemoval);

        assertThatThrownBy(() -> gateway.reload(next)).isInstanceOf(IllegalStateException.class)
                .hasMessage("echo must stay");
        assertThat(gateway.config()).isSameAs(old);

        gateway.removeReloadCheck(noEchoRemoval);
        gateway.reload(next);
        assertThat(gateway.config()).isSameAs(next);
    }

    @Test
    void startsFromAYamlFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        answer("openai/chat-completion.json", "application/json");
        java.nio.file.Path file = dir.resolve("gateway.yaml");
        java.nio.file.Files.writeString(file, """
                echo: false
                openai-compatibility:
                  - name: local
                    base-url: %s/v1
                    models:
                      - name: gpt-4o
                        alias: four
                """.formatted(upstream.baseUrl()));

        try (Gateway fromFile = Gateway.fromFile(file)) {
            assertThat(fromFile.models()).extracting(ModelInfo::id).containsExactly("four");
            assertThat(fromFile.chat(hello("four")).model()).isEqualTo("four");
        }
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    @Test
    void startsFromTheExampleConfig() {
        GatewayConfig example = dev.aiproxy.routing.config.ConfigLoader.withEnvironment(java.util.Map.of())
                .load(java.nio.file.Path.of("..", "config.example.yaml")).config();
        // the configured and default models only: no model list is fetched from the real upstreams it names
        GatewayConfig listed = example.toBuilder().modelRefresh(new dev.aiproxy.routing.config.ModelRefresh(
                java.time.Duration.ZERO, java.util.Map.of())).build();

        try (Gateway fromExample = Gateway.create(listed)) {
            assertThat(fromExample.modelLists()).isEmpty();
            assertThat(fromExample.models()).extracting(ModelInfo::id)
                    .contains("gpt-4o", "deepseek", "ds/deepseek", "sonnet", "team-a/claude-opus-4-5",
                            "flash", "gemini-2.5-pro", "echo")
                    .doesNotContain("team-a/claude-haiku-4-5");
            assertThat(fromExample.models()).filteredOn(m -> m.id().equals("gpt-4o")).singleElement()
                    .satisfies(m -> assertThat(m.servedBy()).extracting(ModelInfo.Serving::upstreamModel)
                            .contains("gpt-4o", "my-gpt4o-deployment"));
        }
    }

    @Test
    void reachesAPrefixedEntryOnlyWithItsPrefixWhenForced() {
        GatewayConfig forced = config(upstream.baseUrl() + "/v1").toBuilder().resilience(
                dev.aiproxy.routing.config.Resilience.builder().forceModelPrefix(true).build()).build();

        gateway.reload(forced);

        assertThat(gateway.models()).extracting(ModelInfo::id).containsExactly("team-a/fast", "team-a/gpt-4o", "echo");
        assertThatThrownBy(() -> gateway.chat(hello("fast"))).isInstanceOf(ModelNotFoundException.class);
    }

    static byte[] bodyOf(GatewayResponse response) throws IOException {
        return switch (response.body()) {
            case GatewayResponse.Bytes bytes -> bytes.data();
            case GatewayResponse.Streamed streamed -> {
                try (streamed) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    streamed.writeTo(out);
                    yield out.toByteArray();
                }
            }
        };
    }
}
