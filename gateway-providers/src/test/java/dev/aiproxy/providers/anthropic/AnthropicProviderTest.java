package dev.aiproxy.providers.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnthropicProviderTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final byte[] BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    private final AnthropicProviderFactory factory = new AnthropicProviderFactory();

    private static UpstreamRequest request(Credential credential, boolean stream, Operation operation) {
        return new UpstreamRequest(credential, "claude-sonnet-4-5", BODY, stream, Map.of("X-Call", "1"),
                Duration.ofSeconds(5), operation);
    }

    private ProviderConfig config(String baseUrl) {
        return ProviderConfig.builder("claude", "claude").baseUrl(baseUrl).apiKey("sk-ant-test").build();
    }

    @Test
    void sendsAMessageWithTheKeyTheVersionAndEveryConfiguredHeader() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));
        Credential key = new Credential("claude#0", Secret.of("sk-ant-one"), null, null, Map.of("X-Key", "k"), null,
                null);
        ProviderConfig config = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .header("X-Provider", "p").credentials(List.of(key)).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(key, false, Operation.GENERATE))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().readAllBytes()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo("sk-ant-one"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Authorization", absent())
                .withHeader("X-Provider", equalTo("p"))
                .withHeader("X-Key", equalTo("k"))
                .withHeader("X-Call", equalTo("1"))
                .withRequestBody(equalTo(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void asksForAnEventStreamWhenStreaming() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withBody("")));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config.credentials().getFirst(), true,
                        Operation.GENERATE))) {
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("Accept",
                equalTo("text/event-stream")));
    }

    @Test
    void countsTokensAtTheCountTokensPath() throws Exception {
        upstream.stubFor(post("/v1/messages/count_tokens").willReturn(aResponse().withStatus(200)
                .withBody("{\"input_tokens\":2095}")));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config.credentials().getFirst(), false,
                        Operation.COUNT_TOKENS))) {
            assertThat(provider.supports(Operation.COUNT_TOKENS)).isTrue();
            assertThat(provider.supports(Operation.GENERATE)).isTrue();
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"input_tokens\":2095}");
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("sk-ant-test")));
    }

    @Test
    void takesABaseUrlWithOrWithoutV1AndATrailingSlash() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));
        upstream.stubFor(post("/relay/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));
        String base = upstream.baseUrl();

        for (String variant : List.of(base, base + "/", base + "/v1", base + "/v1/", base + "/relay/v1")) {
            ProviderConfig config = config(variant);
            try (Provider provider = factory.create(config);
                    UpstreamResponse response = provider.send(request(config.credentials().getFirst(), false,
                            Operation.GENERATE))) {
                assertThat(response.status()).as(variant).isEqualTo(200);
            }
        }

        upstream.verify(4, postRequestedFor(urlEqualTo("/v1/messages")));
        upstream.verify(1, postRequestedFor(urlEqualTo("/relay/v1/messages")));
    }

    @Test
    void usesACredentialsOwnBaseUrl() throws Exception {
        upstream.stubFor(post("/other/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));
        Credential key = new Credential("claude#0", Secret.of("k"), URI.create(upstream.baseUrl() + "/other/"),
                null, null, null, null);
        ProviderConfig config = ProviderConfig.builder("claude", "claude").baseUrl("http://127.0.0.1:1")
                .credentials(List.of(key)).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(key, false, Operation.GENERATE))) {
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void returnsAnErrorStatusWithItsBodyInsteadOfThrowing() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(529)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config.credentials().getFirst(), false,
                        Operation.GENERATE))) {
            assertThat(response.status()).isEqualTo(529);
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).contains("overloaded_error");
        }
    }

    @Test
    void defaultsToTheAnthropicApiAndSpeaksAnthropicMessages() {
        try (Provider provider = factory.create(ProviderConfig.builder("claude", "claude").apiKey("k").build())) {
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
            assertThat(provider.format()).isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
        }
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> factory.create(config("ftp://example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base-url: not an http(s) URL: \"ftp://example.com\"");
    }

    @Test
    void isFoundThroughTheServiceLoaderAsTypeClaude() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("claude"))).singleElement()
                .isInstanceOf(AnthropicProviderFactory.class);
    }
}
