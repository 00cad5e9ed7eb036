package dev.aiproxy.vertex.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.translate.testing.Fixtures;
import dev.aiproxy.vertex.VertexAiProviderFactory;
import dev.aiproxy.vertex.testing.FakeTokenEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VertexAiProviderTest {
    private static final String GEMINI = "/v1/projects/gateway-test/locations/us-central1/publishers/google/models/"
            + "gemini-2.5-flash";
    private static final String CLAUDE = "/v1/projects/gateway-test/locations/us-east5/publishers/anthropic/models/"
            + "claude-sonnet-4-5@20250929";

    @RegisterExtension
    static WireMockExtension vertex = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private FakeTokenEndpoint tokens;
    private Provider provider;

    @BeforeEach
    void startTokens() {
        tokens = FakeTokenEndpoint.start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        tokens.close();
    }

    private Provider provider(String location, String... models) {
        ProviderConfig.Builder b = ProviderConfig.builder("vertex", VertexAiProviderFactory.TYPE)
                .baseUrl(vertex.baseUrl())
                .option("location", location)
                .option("credentials", tokens.serviceAccount("gateway-test").write(dir, "sa.json").toString())
                .credentials(java.util.List.of(new dev.aiproxy.api.spi.Credential("vertex#0", null, null, null, null,
                        null, null)));
        for (String m : models) {
            b.model(m);
        }
        provider = new VertexAiProviderFactory().create(b.build());
        return provider;
    }

    private static UpstreamRequest request(Provider provider, String model, String body, boolean stream) {
        return new UpstreamRequest(provider.config().credentials().getFirst(), model,
                body.getBytes(StandardCharsets.UTF_8), stream, Map.of(), Duration.ofSeconds(10));
    }

    private static String read(UpstreamResponse response) throws IOException {
        try (response) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void callsAGeminiModelAtItsPublisherUrlWithTheServiceAccountsToken() throws IOException {
        vertex.stubFor(post(urlEqualTo(GEMINI + ":generateContent")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("vertex/gemini-text.json"))));
        Provider p = provider("us-central1");
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is the weather in Paris?\"}]}]}";

        String answer = read(p.send(request(p, "gemini-2.5-flash", body, false)));

        assertThat(p.format()).isEqualTo(ApiFormat.GEMINI);
        assertThat(answer).contains("The weather in Paris is sunny.");
        vertex.verify(postRequestedFor(urlEqualTo(GEMINI + ":generateContent"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-token-1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(body)));
        assertThat(tokens.grants()).isEqualTo(1);
    }

    @Test
    void streamsAGeminiModelWithAltSse() throws IOException {
        vertex.stubFor(post(urlEqualTo(GEMINI + ":streamGenerateContent?alt=sse")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("vertex/gemini-text.sse"))));
        Provider p = provider("us-central1");

        String answer = read(p.send(request(p, "gemini-2.5-flash", "{\"contents\":[]}", true)));

        assertThat(answer).contains(" is sunny.");
        vertex.verify(postRequestedFor(urlEqualTo(GEMINI + ":streamGenerateContent?alt=sse"))
                .withHeader("Accept", equalTo("text/event-stream")));
    }

    @Test
    void sendsClaudeTheMessagesBodyWithoutModelAndWithVertexsAnthropicVersion() throws IOException {
        vertex.stubFor(post(urlEqualTo(CLAUDE + ":rawPredict")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("vertex/claude-text.json"))));
        Provider p = provider("us-east5", "claude-sonnet-4-5@20250929");
        String body = "{\"model\":\"claude-sonnet-4-5@20250929\",\"max_tokens\":256,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}";

        String answer = read(p.send(request(p, "claude-sonnet-4-5@20250929", body, false)));

        assertThat(p.format()).isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
        assertThat(answer).contains("msg_vrtx_");
        vertex.verify(postRequestedFor(urlEqualTo(CLAUDE + ":rawPredict"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-token-1"))
                .withHeader("anthropic-version", absent())
                .withHeader("x-api-key", absent())
                .withRequestBody(equalToJson("{\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":256,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]}")));
    }

    @Test
    void streamsClaudeThroughStreamRawPredict() throws IOException {
        vertex.stubFor(post(urlEqualTo(CLAUDE + ":streamRawPredict")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.bytes("vertex/claude-text.sse"))));
        Provider p = provider("us-east5", "claude-sonnet-4-5@20250929");

        String answer = read(p.send(request(p, "claude-sonnet-4-5@20250929",
                "{\"model\":\"x\",\"stream\":true,\"max_tokens\":8,\"messages\":[]}", true)));

        assertThat(answer).contains("event: message_stop");
        vertex.verify(postRequestedFor(urlEqualTo(CLAUDE + ":streamRawPredict")).withRequestBody(equalToJson(
                "{\"stream\":true,\"max_tokens\":8,\"messages\":[],\"anthropic_version\":\"vertex-2023-10-16\"}")));
    }

    @Test
    void relaysVertexsErrorStatusAndBodyForTheGatewayToMap() throws IOException {
        vertex.stubFor(post(urlEqualTo(GEMINI + ":generateContent")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("vertex/error-429-resource-exhausted.json"))));
        Provider p = provider("us-central1");

        UpstreamResponse response = p.send(request(p, "gemini-2.5-flash", "{\"contents\":[]}", false));

        assertThat(response.status()).isEqualTo(429);
        assertThat(read(response)).contains("RESOURCE_EXHAUSTED");
    }

    @Test
    void refusesAModelIdThatWouldChangeThePath() {
        Provider p = provider("us-central1");

        assertThatThrownBy(() -> p.send(request(p, "../../other/models/x", "{}", false)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a Vertex AI model id");
        assertThat(tokens.arrived()).isZero();
    }
}
