package dev.aiproxy.providers.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GeminiProviderTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final byte[] BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"
            .getBytes(StandardCharsets.UTF_8);
    private final GeminiProviderFactory factory = new GeminiProviderFactory();

    private static ProviderConfig config(String baseUrl) {
        return ProviderConfig.builder("gemini", "gemini").baseUrl(baseUrl).apiKey("AIza-test-key").build();
    }

    private static UpstreamRequest request(ProviderConfig config, String model, boolean stream, Operation op) {
        return new UpstreamRequest(config.credentials().getFirst(), model, BODY, stream, Map.of("X-Call", "1"),
                Duration.ofSeconds(5), op);
    }

    private static int status(Provider provider, UpstreamRequest request) throws Exception {
        try (UpstreamResponse response = provider.send(request)) {
            response.body().readAllBytes();
            return response.status();
        }
    }

    @Test
    void postsToGenerateContentWithTheKeyInItsHeaderOnly() throws Exception {
        upstream.stubFor(post("/v1beta/models/gemini-2.5-flash:generateContent").willReturn(aResponse()
                .withStatus(200).withBody(Fixtures.bytes("gemini/generate-content-text.json"))));
        ProviderConfig config = ProviderConfig.builder("gemini", "gemini").baseUrl(upstream.baseUrl())
                .header("X-Provider", "p").apiKey("AIza-test-key").build();

        try (Provider provider = factory.create(config)) {
            assertThat(status(provider, request(config, "gemini-2.5-flash", false, Operation.GENERATE)))
                    .isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .withHeader("x-goog-api-key", equalTo("AIza-test-key"))
                .withHeader("Authorization", absent())
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Provider", equalTo("p"))
                .withHeader("X-Call", equalTo("1"))
                .withRequestBody(equalTo(new String(BODY, StandardCharsets.UTF_8))));
        assertThat(upstream.getAllServeEvents()).allSatisfy(e ->
                assertThat(e.getRequest().getUrl()).doesNotContain("key="));
    }

    @Test
    void streamsFromStreamGenerateContentWithAltSse() throws Exception {
        upstream.stubFor(post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse").willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("gemini/stream-text.sse"))));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(request(config, "gemini-2.5-flash", true,
                        Operation.GENERATE))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().readAllBytes()).isEqualTo(Fixtures.bytes("gemini/stream-text.sse"));
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
                .withHeader("Accept", equalTo("text/event-stream")));
    }

    @Test
    void countsTokensAtCountTokens() throws Exception {
        upstream.stubFor(post("/v1beta/models/gemini-2.5-pro:countTokens").willReturn(aResponse().withStatus(200)
                .withBody(Fixtures.bytes("gemini/count-tokens.json"))));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config)) {
            assertThat(provider.supports(Operation.COUNT_TOKENS)).isTrue();
            assertThat(status(provider, request(config, "models/gemini-2.5-pro", false, Operation.COUNT_TOKENS)))
                    .isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-pro:countTokens")));
    }

    @Test
    void listsModelsWithAGetToTheVersionedModelsCollection() throws Exception {
        upstream.stubFor(get(urlPathEqualTo("/proxy/v1beta/models")).willReturn(aResponse().withStatus(200)
                .withBody(Fixtures.bytes("gemini/models-list.json"))));
        upstream.stubFor(get(urlPathEqualTo("/v1beta/models")).willReturn(aResponse().withStatus(200)
                .withBody(Fixtures.bytes("gemini/models-list.json"))));
        ProviderConfig versioned = config(upstream.baseUrl() + "/proxy/v1beta");
        ProviderConfig bare = config(upstream.baseUrl());

        try (Provider a = factory.create(versioned); Provider b = factory.create(bare)) {
            assertThat(a.supports(Operation.LIST_MODELS)).isTrue();
            assertThat(status(a, request(versioned, "", false, Operation.LIST_MODELS))).isEqualTo(200);
            assertThat(status(b, request(bare, "", false, Operation.LIST_MODELS))).isEqualTo(200);
        }

        upstream.verify(1, getRequestedFor(urlEqualTo("/proxy/v1beta/models?pageSize=1000"))
                .withHeader("x-goog-api-key", equalTo("AIza-test-key")).withoutHeader("Content-Type"));
        upstream.verify(1, getRequestedFor(urlEqualTo("/v1beta/models?pageSize=1000")));
    }

    @Test
    void addsNoSecondVersionToABaseUrlThatHasOne() throws Exception {
        upstream.stubFor(post("/proxy/v1/models/gemini-2.5-flash:generateContent").willReturn(aResponse()
                .withStatus(200).withBody("{}")));
        upstream.stubFor(post("/proxy/v1beta/models/gemini-2.5-flash:generateContent").willReturn(aResponse()
                .withStatus(200).withBody("{}")));
        ProviderConfig v1 = config(upstream.baseUrl() + "/proxy/v1/");
        ProviderConfig v1beta = config(upstream.baseUrl() + "/proxy/v1beta");
        ProviderConfig bare = config(upstream.baseUrl() + "/proxy/");

        try (Provider a = factory.create(v1); Provider b = factory.create(v1beta); Provider c = factory.create(bare)) {
            assertThat(status(a, request(v1, "gemini-2.5-flash", false, Operation.GENERATE))).isEqualTo(200);
            assertThat(status(b, request(v1beta, "gemini-2.5-flash", false, Operation.GENERATE))).isEqualTo(200);
            assertThat(status(c, request(bare, "gemini-2.5-flash", false, Operation.GENERATE))).isEqualTo(200);
        }

        upstream.verify(1, postRequestedFor(urlEqualTo("/proxy/v1/models/gemini-2.5-flash:generateContent")));
        upstream.verify(2, postRequestedFor(urlEqualTo("/proxy/v1beta/models/gemini-2.5-flash:generateContent")));
    }

    @Test
    void usesACredentialsOwnBaseUrlAndReturnsErrorStatusesWithTheirBody() throws Exception {
        upstream.stubFor(post("/other/v1beta/models/gemini-2.5-flash:generateContent").willReturn(aResponse()
                .withStatus(429).withBody(Fixtures.bytes("gemini/error-429-resource-exhausted.json"))));
        Credential key = new Credential("gemini#0", Secret.of("k"), URI.create(upstream.baseUrl() + "/other"), null,
                null, null, null);
        ProviderConfig config = ProviderConfig.builder("gemini", "gemini").credentials(List.of(key)).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(new UpstreamRequest(key, "gemini-2.5-flash", BODY, false,
                        Map.of(), Duration.ofSeconds(5)))) {
            assertThat(response.status()).isEqualTo(429);
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("RESOURCE_EXHAUSTED");
        }
    }

    @Test
    void encodesTheModelSegmentAndRefusesModelsThatNameAnotherResource() throws Exception {
        upstream.stubFor(post(urlEqualTo("/v1beta/models/my%20model%3Av2:generateContent"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        upstream.stubFor(post(urlEqualTo("/v1beta/tunedModels/my-tuned:generateContent"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ProviderConfig config = config(upstream.baseUrl());

        try (Provider provider = factory.create(config)) {
            assertThat(status(provider, request(config, "my model:v2", false, Operation.GENERATE))).isEqualTo(200);
            assertThat(status(provider, request(config, "tunedModels/my-tuned", false, Operation.GENERATE)))
                    .isEqualTo(200);
            for (String bad : List.of("files/abc", "models/../files/x", "", "models/..")) {
                assertThatThrownBy(() -> provider.send(request(config, bad, false, Operation.GENERATE))).as(bad)
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a Gemini model id");
            }
        }
    }

    @Test
    void defaultsToGooglesBaseUrlAndSpeaksGemini() {
        try (Provider provider = factory.create(ProviderConfig.builder("gemini", "gemini").apiKey("k").build())) {
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
            assertThat(provider.format()).isEqualTo(ApiFormat.GEMINI);
        }
        assertThatThrownBy(() -> factory.create(config("ftp://example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("base-url: not an http(s) URL");
    }

    @Test
    void isFoundThroughTheServiceLoaderByItsType() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("gemini")).toList()).singleElement()
                .isInstanceOf(GeminiProviderFactory.class);
    }
}
