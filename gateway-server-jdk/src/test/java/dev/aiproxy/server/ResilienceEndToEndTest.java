package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries, cooldowns and fallbacks as an official SDK sees them through the running server. */
class ResilienceEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    private static void withServer(GatewayConfig config, java.util.function.BiConsumer<GatewayServer, OpenAIClient> test) {
        try (Gateway gateway = Gateway.create(config); GatewayServer server = GatewayServer.start(gateway)) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("unused")
                    .maxRetries(0).build();
            try {
                test.accept(server, client);
            } finally {
                client.close();
            }
        }
    }

    private static int callsWith(String key) {
        return upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + key))).size();
    }

    @Test
    void anSdkNeverSeesARateLimitThatTheOtherKeyCanServe() {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer sk-limited"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/error-429.json"))));
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer sk-fine"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        GatewayConfig config = GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-limited").apiKey("sk-fine").model("gpt-4o").build())
                .build();

        withServer(config, (server, client) -> {
            for (int i = 0; i < 20; i++) {
                assertThat(client.chat().completions().create(hello("gpt-4o")).choices().getFirst().message()
                        .content()).contains("Hello! How can I assist you today?");
            }
        });

        assertThat(callsWith("sk-limited")).as("cooled for its Retry-After after one 429").isEqualTo(1);
        assertThat(callsWith("sk-fine")).isEqualTo(20);
    }

    @Test
    void anSdkIsServedByTheNextCredentialWhenAnUpstreamIsDown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
        Credential dead = new Credential("openai#0", Secret.of("sk-dead"), URI.create("http://127.0.0.1:" + closed + "/v1"),
                null, null, null, null);
        Credential live = new Credential("openai#1", Secret.of("sk-live"), null, null, null, null, null);
        GatewayConfig config = GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .credentials(List.of(dead, live)).model("gpt-4o").build())
                .build();

        withServer(config, (server, client) -> {
            for (int i = 0; i < 6; i++) {
                assertThat(client.chat().completions().create(hello("gpt-4o")).choices()).hasSize(1);
            }
        });

        assertThat(callsWith("sk-live")).isEqualTo(6);
    }

    @Test
    void anOpenAiSdkIsAnsweredInItsFormatByAnAnthropicFallback() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.bytes("anthropic/stream-text.sse"))));
        GatewayConfig config = GatewayConfig.builder().port(0)
                .resilience(Resilience.builder().fallback("gpt-4o", List.of("sonnet")).build())
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-o").model("gpt-4o").build())
                .addProvider(ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                        .apiKey("sk-ant").model("claude-sonnet-4-5-20250929", "sonnet").build())
                .build();

        withServer(config, (server, client) -> {
            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                    .createStreaming(hello("gpt-4o"))) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
            assertThat(text.toString()).isNotBlank();
            try {
                RawHttp.Response raw = RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}");
                assertThat(raw.header("X-Gateway-Model")).isEqualTo("sonnet");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant")));
    }
}
