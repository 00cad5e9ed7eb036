package dev.aiproxy.providers.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureOpenAiProviderTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final String DEPLOYMENT = "my-gpt4o-deployment";
    private static final byte[] BODY = ("{\"model\":\"" + DEPLOYMENT + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8);

    private final AzureOpenAiProviderFactory factory = new AzureOpenAiProviderFactory();

    private static ProviderConfig.Builder entry(String endpoint) {
        return ProviderConfig.builder("azure", "azure-openai").baseUrl(endpoint).apiKey("azure-key-0123")
                .model(DEPLOYMENT, "gpt-4o");
    }

    private static UpstreamRequest generate(ProviderConfig config, String model) {
        return new UpstreamRequest(config.credentials().getFirst(), model, BODY, false, Map.of(),
                Duration.ofSeconds(5));
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = AzureOpenAiProviderTest.class.getResourceAsStream("/azure/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void callsTheDeploymentUrlWithTheApiVersionAndTheApiKeyHeader() throws Exception {
        upstream.stubFor(post(urlEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=2024-10-21"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("chat-completion.json"))));
        ProviderConfig config = entry(upstream.baseUrl()).option("api-version", "2024-10-21").build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(generate(config, DEPLOYMENT))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().readAllBytes()).isEqualTo(fixture("chat-completion.json"));
        }

        upstream.verify(postRequestedFor(urlEqualTo("/openai/deployments/" + DEPLOYMENT
                + "/chat/completions?api-version=2024-10-21"))
                .withHeader("api-key", equalTo("azure-key-0123"))
                .withHeader("Authorization", absent())
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void callsTheV1UrlWithoutAVersionByDefault() throws Exception {
        upstream.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("chat-completion.json"))));
        ProviderConfig config = entry(upstream.baseUrl()).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(generate(config, DEPLOYMENT))) {
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
                .withHeader("api-key", equalTo("azure-key-0123"))
                .withRequestBody(equalTo(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void sendsABearerTokenInAuthorizationWhenTheEntrySaysSo() throws Exception {
        upstream.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ProviderConfig config = entry(upstream.baseUrl()).option("auth", "bearer").build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(generate(config, DEPLOYMENT))) {
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer azure-key-0123"))
                .withHeader("api-key", absent()));
    }

    @Test
    void ignoresTheOpenaiPathOfAnEndpointCopiedFromAzuresSamples() throws Exception {
        upstream.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        upstream.stubFor(post(urlEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=2025-04-01-preview"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ProviderConfig v1 = entry(upstream.baseUrl() + "/openai/v1/").build();
        ProviderConfig dated = entry(upstream.baseUrl() + "/openai").option("api-version", "2025-04-01-preview")
                .build();

        try (Provider a = factory.create(v1); Provider b = factory.create(dated);
                UpstreamResponse first = a.send(generate(v1, DEPLOYMENT));
                UpstreamResponse second = b.send(generate(dated, DEPLOYMENT))) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
        }
    }

    @Test
    void usesACredentialsOwnEndpointForAnotherResource() throws Exception {
        upstream.stubFor(post(urlEqualTo("/west/openai/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        Credential west = new Credential("azure#0", Secret.of("west-key"), URI.create(upstream.baseUrl() + "/west"),
                null, null, null, null);
        ProviderConfig config = ProviderConfig.builder("azure", "azure-openai").baseUrl("http://127.0.0.1:1")
                .credentials(List.of(west)).model(DEPLOYMENT).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(generate(config, DEPLOYMENT))) {
            assertThat(response.status()).isEqualTo(200);
        }

        upstream.verify(postRequestedFor(urlEqualTo("/west/openai/v1/chat/completions"))
                .withHeader("api-key", equalTo("west-key")));
    }

    @Test
    void givesAStreamsAnnotationOnlyChoicesTheEmptyDeltaOpenAiClientsNeed() throws Exception {
        upstream.stubFor(post(urlEqualTo("/openai/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(fixture("chat-completion-stream.sse"))));
        ProviderConfig config = entry(upstream.baseUrl()).build();

        String relayed;
        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(new UpstreamRequest(config.credentials().getFirst(),
                        DEPLOYMENT, BODY, true, Map.of(), Duration.ofSeconds(5)))) {
            relayed = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }

        String original = new String(fixture("chat-completion-stream.sse"), StandardCharsets.UTF_8);
        List<String> sent = original.lines().toList();
        List<String> got = relayed.lines().toList();
        assertThat(got).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).contains("content_filter_offsets")) {
                assertThat(got.get(i)).contains("\"delta\":{}").contains("\"content_filter_offsets\"");
            } else {
                assertThat(got.get(i)).isEqualTo(sent.get(i));
            }
        }
        assertThat(original).contains("content_filter_offsets");
    }

    @Test
    void leavesANonStreamedAnswerAsItCame() throws Exception {
        byte[] noDelta = "data: {\"choices\":[{\"index\":0}]}\n\n".getBytes(StandardCharsets.UTF_8);
        upstream.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withBody(noDelta)));
        ProviderConfig config = entry(upstream.baseUrl()).build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(generate(config, DEPLOYMENT))) {
            assertThat(response.body().readAllBytes()).isEqualTo(noDelta);
        }
    }

    @Test
    void listsModelsOnTheSchemesModelList() throws Exception {
        upstream.stubFor(get(urlEqualTo("/openai/models?api-version=2024-10-21"))
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
        ProviderConfig config = entry(upstream.baseUrl()).option("api-version", "2024-10-21").build();

        try (Provider provider = factory.create(config);
                UpstreamResponse response = provider.send(new UpstreamRequest(config.credentials().getFirst(), "",
                        new byte[0], false, Map.of(), Duration.ofSeconds(5), Operation.LIST_MODELS))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(provider.supports(Operation.COUNT_TOKENS)).isFalse();
        }

        upstream.verify(getRequestedFor(urlEqualTo("/openai/models?api-version=2024-10-21"))
                .withHeader("api-key", equalTo("azure-key-0123")));
    }

    @Test
    void refusesADeploymentNameThatWouldChangeThePath() {
        ProviderConfig config = entry("http://127.0.0.1:1").option("api-version", "2024-10-21").build();

        try (Provider provider = factory.create(config)) {
            assertThatThrownBy(() -> provider.send(generate(config, "../../admin?x=")))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'../../admin?x=' is not an Azure deployment name");
        }
    }

    @Test
    void requiresAnEndpointAndDeployments() {
        assertThatThrownBy(() -> factory.create(ProviderConfig.builder("azure", "azure-openai").apiKey("k")
                .model(DEPLOYMENT).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("base-url: required");
        assertThatThrownBy(() -> factory.create(ProviderConfig.builder("azure", "azure-openai")
                .baseUrl("https://r.openai.azure.com").apiKey("k").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("models: required");
    }

    @Test
    void namesAWrongApiVersionAuthOrOption() {
        assertThatThrownBy(() -> factory.create(entry("https://r.openai.azure.com").option("api-version", "2024")
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("api-version: \"2024\" is neither 'v1' nor a dated version such as '2024-10-21' or "
                        + "'2025-04-01-preview'");
        assertThatThrownBy(() -> factory.create(entry("https://r.openai.azure.com").option("auth", "entra")
                .build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("auth: \"entra\" is not one of api-key, bearer");
        assertThatThrownBy(() -> factory.create(entry("https://r.openai.azure.com").option("apiversion", "v1")
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("options: unknown [apiversion] (known: api-version, auth)");
    }

    @Test
    void isFoundByTheServiceLoaderAsTypeAzureOpenai() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(ProviderFactory::type)).contains("azure-openai");
    }
}
