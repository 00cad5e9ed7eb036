package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Azure OpenAI resource behind the running server, configured from an {@code azure-openai:} section, as the
 * official OpenAI and Anthropic SDKs (and a Gemini REST client) see it: Azure's answers, and its own errors in each
 * client's format, with the fixtures of gateway-translate's {@code azure/} (their README names Azure's pages).
 */
class AzureOpenAiEndToEndTest {
    private static final String DEPLOYMENT = "gpt4o-deployment";
    private static final String CHAT = "/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=2024-10-21";
    private static final String KEY_A = "azure-key-aaaaaaaaaaaa";
    private static final String KEY_B = "azure-key-bbbbbbbbbbbb";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    /** A server on a free port whose one Azure entry has these keys; no further retry rounds. */
    private void start(String... keys) {
        String yaml = """
                port: 0
                request-retry: 0
                azure-openai:
                  - name: azure
                    base-url: %s
                    api-version: 2024-10-21
                    api-key-entries:
                %s
                    models:
                      - name: %s
                        alias: gpt-4o
                """.formatted(upstream.baseUrl(), java.util.Arrays.stream(keys)
                .map(k -> "      - api-key: " + k).collect(Collectors.joining("\n")), DEPLOYMENT);
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of())
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
        openAi = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("unused").maxRetries(0)
                .build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("unused").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        if (openAi != null) {
            openAi.close();
            anthropic.close();
        }
        if (server != null) {
            server.close();
            gateway.close();
        }
    }

    private static void answer(String key, ResponseDefinitionBuilder response) {
        upstream.stubFor(post(urlEqualTo(CHAT)).withHeader("api-key", equalTo(key)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes(fixture));
    }

    private static ResponseDefinitionBuilder stream() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("azure/chat-completion-stream.sse"));
    }

    private static int callsWith(String key) {
        return upstream.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("api-key", equalTo(key))).size();
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello").build();
    }

    private static MessageCreateParams helloClaude() {
        return MessageCreateParams.builder().model("gpt-4o").maxTokens(256).addUserMessage("Hello").build();
    }

    private static JsonNode anthropicError(Throwable e) {
        return ErrorBodies.anthropic((AnthropicServiceException) e);
    }

    private static String streamedText(OpenAIClient client) {
        StringBuilder text = new StringBuilder();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks =
                client.chat().completions().createStreaming(hello())) {
            chunks.stream().forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    @Test
    void openAiSdkStreamsAnAzureAnswerWhoseFirstChunkHasOnlyPromptFilterResults() {
        answer(KEY_A, stream());
        start(KEY_A);

        assertThat(streamedText(openAi)).isEqualTo("Hello! How can I help?");

        upstream.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("api-key", equalTo(KEY_A)));
    }

    @Test
    void anthropicSdkStreamsAnAzureAnswerThatStartsWithItsFirstRealChunk() {
        answer(KEY_A, stream());
        start(KEY_A);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(helloClaude())) {
            events.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text())
                .collect(Collectors.joining())).isEqualTo("Hello! How can I help?");
        // an Anthropic client sees another provider's id in Anthropic's shape, derived from it
        assertThat(message.id()).as("the id of the first real chunk, not the annotation chunk's empty one")
                .isEqualTo(Ids.derived("msg_", "chatcmpl-AzUre9sTrEaM1nG"));
        assertThat(message.usage().inputTokens()).isEqualTo(10);
        assertThat(message.usage().outputTokens()).isEqualTo(9);
    }

    @Test
    void anthropicSdkReadsANonStreamedAzureAnswer() {
        answer(KEY_A, json(200, "azure/chat-completion.json"));
        start(KEY_A);

        Message message = anthropic.messages().create(helloClaude());

        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("end_turn");
    }

    @Test
    void openAiSdkGetsAContentFilterRefusalAs400WithItsCodeAndTheFilteredCategory() {
        answer(KEY_A, json(400, "azure/error-content-filter.json"));
        answer(KEY_B, json(400, "azure/error-content-filter.json"));
        start(KEY_A, KEY_B);

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("content_filter");
                    assertThat(e.type()).contains("invalid_request_error");
                    assertThat(e.getMessage()).contains("content management policy")
                            .contains("(content filter: violence (medium))");
                });
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void anthropicSdkGetsAContentFilterRefusalOnAStreamAsAnInvalidRequestError() {
        answer(KEY_A, json(400, "azure/error-content-filter.json"));
        start(KEY_A);

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(helloClaude())) {
                events.stream().forEach(event -> { });
            }
        }).isInstanceOf(com.anthropic.errors.BadRequestException.class)
                .satisfies(e -> {
                    JsonNode error = anthropicError(e);
                    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
                    assertThat(error.get("message").asText()).contains("(content filter: violence (medium))");
                });
    }

    @Test
    void aGeminiClientGetsAContentFilterRefusalAsInvalidArgument() throws Exception {
        answer(KEY_A, json(400, "azure/error-content-filter.json"));
        start(KEY_A);

        RawHttp.Response response = RawHttp.send("POST", server.baseUrl() + "/v1beta/models/gpt-4o:generateContent",
                HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}"),
                "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.gemini(response);
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText()).contains("(content filter: violence (medium))");
    }

    @Test
    void aRateLimitedKeyCoolsDownForAzuresRetryAfterWhileTheOtherServesTheStreams() {
        answer(KEY_A, json(429, "azure/error-429.json").withHeader("retry-after", "120")
                .withHeader("retry-after-ms", "120000"));
        answer(KEY_B, stream());
        start(KEY_A, KEY_B);

        for (int i = 0; i < 8; i++) {
            assertThat(streamedText(openAi)).isEqualTo("Hello! How can I help?");
        }

        assertThat(callsWith(KEY_A)).as("cooled down after its one 429").isEqualTo(1);
        assertThat(callsWith(KEY_B)).isEqualTo(8);
    }

    @Test
    void aLoneRateLimitedKeyReachesBothSdksAs429WithRetryAfter() {
        answer(KEY_A, json(429, "azure/error-429.json").withHeader("retry-after", "6")
                .withHeader("retry-after-ms", "6000"));
        start(KEY_A);

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).containsExactly("6");
                    assertThat(e.getMessage()).contains("exceeded token rate limit");
                });
        assertThatThrownBy(() -> anthropic.messages().create(helloClaude()))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).singleElement()
                            .satisfies(v -> assertThat(Integer.parseInt(v)).isBetween(1, 6));
                    assertThat(anthropicError(e).get("type").asText()).isEqualTo("rate_limit_error");
                });
        assertThat(callsWith(KEY_A)).as("the cooling key is not called again").isEqualTo(1);
    }

    @Test
    void aRateLimitWithoutHeadersTakesItsDelayFromAzuresMessage() {
        answer(KEY_A, json(429, "azure/error-429.json"));
        start(KEY_A);

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("Retry-After")).containsExactly("6"));
    }

    @Test
    void anUnknownDeploymentIsA404InBothSdks() {
        answer(KEY_A, json(404, "azure/error-404-deployment.json"));
        start(KEY_A);

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("DeploymentNotFound");
                    assertThat(e.getMessage()).contains("The API deployment for this resource does not exist");
                });
        assertThatThrownBy(() -> anthropic.messages().create(helloClaude()))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class)
                .satisfies(e -> assertThat(anthropicError(e).get("type").asText()).isEqualTo("not_found_error"));
    }

    @Test
    void aRejectedKeyIsTakenOutAndTheOtherKeyServesTheAnthropicSdk() {
        answer(KEY_A, json(401, "azure/error-401.json"));
        answer(KEY_B, json(200, "azure/chat-completion.json"));
        start(KEY_A, KEY_B);

        for (int i = 0; i < 5; i++) {
            assertThat(anthropic.messages().create(helloClaude()).content().getFirst().asText().text())
                    .isEqualTo("Hello! How can I help you today?");
        }

        assertThat(callsWith(KEY_A)).as("out after its 401").isEqualTo(1);
        assertThat(callsWith(KEY_B)).isEqualTo(5);
    }
}
