package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each client's key, models, provider, system prompt, base URL and rate limits, as the official SDKs see them. */
class ClientPolicyEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;

    private static ClientConfig client(String name, String key, List<String> models, String provider,
            SystemPrompt prompt, URI baseUrl, int rpm, long tpm) {
        return new ClientConfig(name, ClientKeys.hash(key), models, provider, prompt, baseUrl, rpm, tpm);
    }

    @BeforeEach
    void start() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/team/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));
        GatewayConfig config = GatewayConfig.builder().port(0).echoModel(false)
                .addClient(client("narrow", "sk-narrow", List.of("gpt-*"), null, null, null, 0, 0))
                .addClient(client("pinned", "sk-pinned", List.of("*"), "claude", null, null, 0, 0))
                .addClient(client("prompted", "sk-prompted", List.of("*"), null,
                        new SystemPrompt(SystemPrompt.Mode.REPLACE, "Be terse."), null, 0, 0))
                .addClient(client("local", "sk-local", List.of("*"), null, null,
                        URI.create(upstream.baseUrl() + "/team/v1"), 0, 0))
                .addClient(client("slow", "sk-slow", List.of("*"), null, null, null, 3, 0))
                .addClient(client("thrifty", "sk-thrifty", List.of("*"), null, null, null, 0, 40))
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-upstream-openai").model("gpt-4o").model("gpt-4o-mini", "shared").build())
                .addProvider(ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                        .apiKey("sk-upstream-claude").model("claude-sonnet-4-5-20250929", "sonnet")
                        .model("claude-haiku-4-5", "shared").build())
                .providerPrompt("claude", new SystemPrompt(SystemPrompt.Mode.PREPEND, "House rules."))
                .build();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        server.close();
        gateway.close();
    }

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    @Test
    void aClientGets403InItsOwnFormatForAModelOutsideItsList() {
        OpenAIClient openAi = openAi("sk-narrow");
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-narrow")
                .maxRetries(0).build();
        try {
            assertThat(openAi.chat().completions().create(hello("gpt-4o")).choices()).hasSize(1);
            assertThatThrownBy(() -> openAi.chat().completions().create(hello("sonnet")))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("client 'narrow' may not use the model 'sonnet'");
            assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("sonnet")
                    .maxTokens(100).addUserMessage("Hello").build()))
                    .isInstanceOf(com.anthropic.errors.PermissionDeniedException.class)
                    .satisfies(e -> assertThat(((com.anthropic.errors.AnthropicServiceException) e).statusCode())
                            .isEqualTo(403));
        } finally {
            openAi.close();
            anthropic.close();
        }
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void aClientSeesOnlyTheModelsItMayUse() {
        OpenAIClient narrow = openAi("sk-narrow");
        OpenAIClient pinned = openAi("sk-pinned");
        try {
            assertThat(narrow.models().list().data()).extracting(Model::id).containsExactly("gpt-4o");
            assertThat(pinned.models().list().data()).extracting(Model::id).containsExactly("shared", "sonnet");
        } finally {
            narrow.close();
            pinned.close();
        }
    }

    @Test
    void aPinnedClientIsServedOnlyByItsProvider() {
        OpenAIClient pinned = openAi("sk-pinned");
        try {
            for (int i = 0; i < 4; i++) {
                assertThat(pinned.chat().completions().create(hello("shared")).choices().getFirst().message()
                        .content()).contains("Hi! My name is Claude.");
            }
            assertThatThrownBy(() -> pinned.chat().completions().create(hello("gpt-4o")))
                    .isInstanceOf(com.openai.errors.NotFoundException.class)
                    .hasMessageContaining("pinned to");
        } finally {
            pinned.close();
        }
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aClientsSystemPromptReplacesItsOwnUpstream() {
        OpenAIClient prompted = openAi("sk-prompted");
        try {
            prompted.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                    .addSystemMessage("Be verbose.").addUserMessage("Hello").build());
        } finally {
            prompted.close();
        }
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Be terse.")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Hello")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("2"))));
    }

    @Test
    void aProvidersSystemPromptGoesBeforeTheRequestsOwnEvenInItsOwnFormat() {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-pinned")
                .maxRetries(0).build();
        OpenAIClient openAi = openAi("sk-narrow");
        try {
            assertThat(anthropic.messages().create(MessageCreateParams.builder().model("sonnet").maxTokens(100)
                    .system("Own rules.").addUserMessage("Hello").build()).content()).isNotEmpty();
            openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                    .addSystemMessage("Be verbose.").addUserMessage("Hello").build());
        } finally {
            anthropic.close();
            openAi.close();
        }
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.system[0].text", equalTo("House rules.")))
                .withRequestBody(matchingJsonPath("$.system[1].text", equalTo("Own rules.")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", equalTo("Hello"))));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Be verbose.")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("2"))));
    }

    @Test
    void aClientWithItsOwnBaseUrlReachesIt() {
        OpenAIClient local = openAi("sk-local");
        try {
            assertThat(local.chat().completions().create(hello("gpt-4o")).choices()).hasSize(1);
        } finally {
            local.close();
        }
        upstream.verify(postRequestedFor(urlEqualTo("/team/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-openai")));
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aClientOverItsRequestLimitGets429WithRetryAfterAndNothingReachesTheUpstream() throws Exception {
        OpenAIClient slow = openAi("sk-slow");
        try {
            for (int i = 0; i < 3; i++) {
                slow.chat().completions().create(hello("gpt-4o"));
            }
            assertThatThrownBy(() -> slow.chat().completions().create(hello("gpt-4o")))
                    .isInstanceOf(RateLimitException.class)
                    .satisfies(e -> {
                        RateLimitException r = (RateLimitException) e;
                        assertThat(r.headers().values("Retry-After")).singleElement()
                                .satisfies(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
                        assertThat(r.headers().values("x-ratelimit-limit-requests")).containsExactly("3");
                        assertThat(r.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
                        assertThat(r.getMessage()).contains("Rate limit reached for client 'slow'");
                    });
        } finally {
            slow.close();
        }
        RawHttp.Response anthropicShape = RawHttp.post(server.baseUrl() + "/v1/messages",
                "{\"model\":\"sonnet\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", "sk-slow", "anthropic-version", "2023-06-01");
        assertThat(anthropicShape.status()).isEqualTo(429);
        assertThat(anthropicShape.body()).contains("\"type\":\"error\"").contains("\"rate_limit_error\"");
        assertThat(anthropicShape.header("Retry-After")).isNotNull();
        upstream.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void aClientsTokenAllowanceIsChargedWithWhatTheAnswerReallyUsed() {
        OpenAIClient thrifty = openAi("sk-thrifty");
        try {
            // about 20 tokens estimated from the body; the answer reports 29 used: the allowance of 40 is then spent
            thrifty.chat().completions().create(hello("gpt-4o"));
            assertThatThrownBy(() -> thrifty.chat().completions().create(hello("gpt-4o")))
                    .isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("on tokens per minute");
            assertThatThrownBy(() -> thrifty.chat().completions().create(hello("gpt-4o" + " ".repeat(0))
                    .toBuilder().addUserMessage("x".repeat(400)).build()))
                    .isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("Request too large for client 'thrifty'");
        } finally {
            thrifty.close();
        }
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void theClientsKeyNeverReachesTheUpstream() {
        OpenAIClient narrow = openAi("sk-narrow");
        try {
            narrow.chat().completions().create(hello("gpt-4o"));
        } finally {
            narrow.close();
        }
        upstream.getAllServeEvents().forEach(e -> {
            e.getRequest().getHeaders().all().forEach(h -> assertThat(h.values()).noneMatch(v -> v.contains("sk-narrow")));
            assertThat(e.getRequest().getBodyAsString()).doesNotContain("sk-narrow");
        });
    }
}
