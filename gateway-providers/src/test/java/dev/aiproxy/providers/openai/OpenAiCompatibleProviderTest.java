package dev.aiproxy.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiCompatibleProviderTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final OpenAiCompatibleProviderFactory factory = new OpenAiCompatibleProviderFactory();
    private static final byte[] BODY = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    private static UpstreamRequest request(Credential credential, Duration timeout) {
        return new UpstreamRequest(credential, "m", BODY, false, Map.of("X-Call", "1"), timeout);
    }

    @Test
    void sendsTheBodyWithTheBearerKeyAndEveryConfiguredHeader() throws Exception {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("{}")));
        Credential key = new Credential("local#0", Secret.of("sk-one"), null, null, Map.of("X-Key", "k"), null, null);
        ProviderConfig config = ProviderConfig.builder("local", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1/").header("X-Provider", "p").credentials(List.of(key)).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(key, Duration.ofSeconds(5)))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().readAllBytes()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-one"))
                .withHeader("X-Provider", equalTo("p"))
                .withHeader("X-Key", equalTo("k"))
                .withHeader("X-Call", equalTo("1"))
                .withRequestBody(equalTo(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void usesACredentialsOwnBaseUrl() throws Exception {
        upstream.stubFor(post("/other/chat/completions").willReturn(aResponse().withStatus(200).withBody("{}")));
        Credential key = new Credential("x#0", Secret.of("k"), URI.create(upstream.baseUrl() + "/other"), null,
                null, null, null);
        ProviderConfig config = ProviderConfig.builder("x", "openai-compatible").baseUrl("http://127.0.0.1:1/v1")
                .credentials(List.of(key)).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(key, Duration.ofSeconds(5)))) {
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void returnsAnErrorStatusWithItsBodyInsteadOfThrowing() throws Exception {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withBody("busy")));
        ProviderConfig config = ProviderConfig.builder("x", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                .apiKey("k").build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config.credentials().getFirst(),
                        Duration.ofSeconds(5)))) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("busy");
        }
    }

    @Test
    void givesUpWaitingForTheFirstByteAfterItsTimeout() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        ProviderConfig config = ProviderConfig.builder("x", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                .apiKey("k").build();

        try (Provider provider = factory.create(config)) {
            assertThatThrownBy(() -> provider.send(request(config.credentials().getFirst(), Duration.ofMillis(200))))
                    .isInstanceOf(UpstreamTimeoutException.class)
                    .hasMessage("upstream first byte from x#0 timed out after 200 ms");
        }
    }

    @Test
    void reportsARefusedConnectionAsRetryable() {
        ProviderConfig config = ProviderConfig.builder("x", "openai-compatible").baseUrl("http://127.0.0.1:1/v1")
                .apiKey("sk-never-shown").build();

        try (Provider provider = factory.create(config)) {
            assertThatThrownBy(() -> provider.send(request(config.credentials().getFirst(), Duration.ofSeconds(5))))
                    .isInstanceOf(UpstreamException.class)
                    .hasMessageStartingWith("cannot connect to upstream x#0 (http://127.0.0.1:1)")
                    .satisfies(e -> {
                        assertThat(((UpstreamException) e).retryable()).isTrue();
                        assertThat(e.getMessage()).doesNotContain("sk-never-shown");
                    });
        }
    }

    @Test
    void takesBaseUrlAndModelsFromAPresetByName() {
        try (Provider provider = factory.create(ProviderConfig.builder("deepseek", "openai-compatible")
                .apiKey("k").build())) {
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://api.deepseek.com/v1"));
            assertThat(provider.config().models()).contains(ModelMapping.of("deepseek-chat"));
        }
    }

    @Test
    void keepsTheModelsAnEntryListsOverThePresets() {
        try (Provider provider = factory.create(ProviderConfig.builder("groq", "openai-compatible")
                .apiKey("k").model("llama-3.3-70b-versatile", "llama").build())) {
            assertThat(provider.config().models()).containsExactly(new ModelMapping("llama-3.3-70b-versatile", "llama"));
        }
    }

    @Test
    void requiresABaseUrlForAnUnknownName() {
        assertThatThrownBy(() -> factory.create(ProviderConfig.builder("my-llm", "openai-compatible").apiKey("k")
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("base-url: required for 'my-llm', which is not a known preset (openai, ");
    }

    @Test
    void anEntryWhoseApiIsResponsesPostsToResponsesInThatFormat() throws Exception {
        upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200).withBody("{}")));
        ProviderConfig config = ProviderConfig.builder("codex", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                .option(OpenAiCompatibleProviderFactory.API, "responses").apiKey("sk-one").build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config.credentials().getFirst(),
                        Duration.ofSeconds(5)))) {
            assertThat(provider.format()).isEqualTo(ApiFormat.OPENAI_RESPONSES);
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/responses"))
                .withHeader("Authorization", equalTo("Bearer sk-one")));
    }

    @Test
    void anEntrySpeaksChatCompletionsUnlessItSaysOtherwise() {
        try (Provider plain = factory.create(ProviderConfig.builder("x", "openai-compatible")
                        .baseUrl("http://127.0.0.1:1/v1").apiKey("k").build());
                Provider chat = factory.create(ProviderConfig.builder("y", "openai-compatible")
                        .baseUrl("http://127.0.0.1:1/v1").option("api", "chat-completions").apiKey("k").build())) {
            assertThat(plain.format()).isEqualTo(ApiFormat.OPENAI_CHAT);
            assertThat(chat.format()).isEqualTo(ApiFormat.OPENAI_CHAT);
        }
    }

    @Test
    void theOpenAiResponsesPresetCallsOpenAisResponsesApiForTheModelsOnlyItServes() {
        try (Provider provider = factory.create(ProviderConfig.builder("openai-responses", "openai-compatible")
                .apiKey("k").build())) {
            assertThat(provider.format()).isEqualTo(ApiFormat.OPENAI_RESPONSES);
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
            assertThat(provider.config().models()).contains(ModelMapping.of("o3-pro"), ModelMapping.of("gpt-5-codex"));
        }
    }

    @Test
    void anEntryMayCallAPresetThroughTheOtherApi() {
        try (Provider provider = factory.create(ProviderConfig.builder("openai", "openai-compatible")
                .option("api", "responses").apiKey("k").build())) {
            assertThat(provider.format()).isEqualTo(ApiFormat.OPENAI_RESPONSES);
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        }
    }

    @Test
    void refusesAnApiItDoesNotKnow() {
        assertThatThrownBy(() -> factory.create(ProviderConfig.builder("x", "openai-compatible")
                .baseUrl("http://127.0.0.1:1/v1").option("api", "completions").apiKey("k").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("api: \"completions\" is not one of chat-completions, responses");
    }

    @Test
    void aResponsesEntryCountsInputTokensWhereChatCompletionsCannot() throws Exception {
        upstream.stubFor(post("/v1/responses/input_tokens").willReturn(aResponse().withStatus(200)
                .withBody("{\"object\":\"response.input_tokens\",\"input_tokens\":11}")));
        ProviderConfig responses = ProviderConfig.builder("codex", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").option("api", "responses").apiKey("sk-one").build();
        ProviderConfig chat = ProviderConfig.builder("chat", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-one").build();

        try (Provider provider = factory.create(responses); Provider chatProvider = factory.create(chat);
                UpstreamResponse response = provider.send(new UpstreamRequest(responses.credentials().getFirst(), "m",
                        BODY, false, Map.of(), Duration.ofSeconds(5), dev.aiproxy.api.spi.Operation.COUNT_TOKENS))) {
            assertThat(provider.supports(dev.aiproxy.api.spi.Operation.COUNT_TOKENS)).isTrue();
            assertThat(chatProvider.supports(dev.aiproxy.api.spi.Operation.COUNT_TOKENS)).isFalse();
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/responses/input_tokens"))
                .withHeader("Authorization", equalTo("Bearer sk-one")));
    }
}
