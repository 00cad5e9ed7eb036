package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import dev.aiproxy.vertex.testing.FakeTokenEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Vertex AI behind the running server, configured from a {@code providers:} entry of type {@code vertex-ai} with a
 * generated service-account key whose token endpoint is a local fake that verifies the signed grant: Vertex's own
 * errors (gateway-vertex's {@code vertex/} fixtures, their README names the pages) as the official OpenAI, Anthropic
 * and Google GenAI SDKs see them, and the service account's token as it expires and as it is refused.
 */
class VertexAiEndToEndTest {
    private static final String CLIENT_KEY = "gw-vertex-client-key-42";
    private static final String MODELS = "/v1/projects/gateway-test/locations/us-central1/publishers/";
    private static final String GEMINI = MODELS + "google/models/gemini-2.5-flash";
    private static final String CLAUDE = MODELS + "anthropic/models/claude-sonnet-4-5@20250929";

    @RegisterExtension
    static WireMockExtension vertex = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private FakeTokenEndpoint tokens;
    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;
    private Client gemini;

    /** An error Vertex answers, and what each SDK must make of it. */
    enum VertexError {
        INVALID_ARGUMENT(400, "error-400-invalid-argument.json", 400, "invalid_request_error", "invalid_request_error",
                "INVALID_ARGUMENT", "Request contains an invalid argument."),
        /** The gateway's service account lacks the permission: not the client's fault, so 502. */
        PERMISSION_DENIED(403, "error-403-permission-denied.json", 502, "server_error", "api_error", "INTERNAL",
                "Permission 'aiplatform.endpoints.predict' denied"),
        MODEL_NOT_FOUND(404, "error-404-model.json", 404, "invalid_request_error", "not_found_error", "NOT_FOUND",
                "was not found or your project does not have access to it"),
        RESOURCE_EXHAUSTED(429, "error-429-resource-exhausted.json", 429, "rate_limit_error", "rate_limit_error",
                "RESOURCE_EXHAUSTED", "Resource exhausted. Please try again later."),
        UNAVAILABLE(503, "error-503-unavailable.json", 503, "overloaded_error", "overloaded_error", "UNAVAILABLE",
                "The service is currently unavailable.");

        final int vertexStatus;
        final String fixture;
        final int status;
        final String openAiType;
        final String anthropicType;
        final String geminiStatus;
        final String message;

        VertexError(int vertexStatus, String fixture, int status, String openAiType, String anthropicType,
                String geminiStatus, String message) {
            this.vertexStatus = vertexStatus;
            this.fixture = fixture;
            this.status = status;
            this.openAiType = openAiType;
            this.anthropicType = anthropicType;
            this.geminiStatus = geminiStatus;
            this.message = message;
        }

        ResponseDefinitionBuilder answer() {
            return json(vertexStatus, "vertex/" + fixture);
        }
    }

    @BeforeEach
    void start() {
        tokens = FakeTokenEndpoint.start();
    }

    @AfterEach
    void stop() {
        if (openAi != null) {
            openAi.close();
            anthropic.close();
            gemini.close();
        }
        if (server != null) {
            server.close();
            gateway.close();
        }
        tokens.close();
    }

    /**
     * A server with a Gemini entry (its project from the key) and a Claude entry on Vertex, no retry rounds and no
     * cooldowns, so that each SDK meets Vertex's answer itself.
     */
    private void startGateway() {
        Path key = tokens.serviceAccount("gateway-test").write(dir, "service-account.json");
        String yaml = """
                port: 0
                api-keys: [%s]
                request-retry: 0
                disable-cooling: true
                providers:
                  - name: vertex-gemini
                    type: vertex-ai
                    base-url: %s
                    options:
                      location: us-central1
                      credentials: %s
                    models:
                      - name: gemini-2.5-flash
                  - name: vertex-claude
                    type: vertex-ai
                    base-url: %s
                    options:
                      project: gateway-test
                      location: us-central1
                      credentials: %s
                    models:
                      - name: claude-sonnet-4-5@20250929
                        alias: claude-sonnet-4-5
                """.formatted(CLIENT_KEY, vertex.baseUrl(), key, vertex.baseUrl(), key);
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of())
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
        openAi = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);
        anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0)
                .build();
        gemini = StreamClients.gemini(server.baseUrl(), CLIENT_KEY);
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes(fixture));
    }

    private static void answer(String model, String method, ResponseDefinitionBuilder response) {
        vertex.stubFor(post(urlPathEqualTo(model + method)).willReturn(response));
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    private static MessageCreateParams helloClaude(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hello").build();
    }

    private static JsonNode anthropicError(Throwable e) {
        return ErrorBodies.anthropic((AnthropicServiceException) e);
    }

    @ParameterizedTest(name = "Vertex {0}")
    @EnumSource(VertexError.class)
    void vertexsErrorReachesEachSdkWithItsStatusAndTypeAndVertexsMessage(VertexError error) {
        answer(GEMINI, ":generateContent", error.answer());
        startGateway();

        assertThatThrownBy(() -> openAi.chat().completions().create(hello("gemini-2.5-flash")))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(error.status);
                    assertThat(e.type()).contains(error.openAiType);
                    assertThat(e.getMessage()).contains(error.message);
                });
        assertThatThrownBy(() -> anthropic.messages().create(helloClaude("gemini-2.5-flash")))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(error.status);
                    assertThat(anthropicError(e).get("type").asText()).isEqualTo(error.anthropicType);
                    assertThat(anthropicError(e).get("message").asText()).contains(error.message);
                });
        assertThatThrownBy(() -> gemini.models.generateContent("gemini-2.5-flash", "Hello", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(error.status);
                    assertThat(e.status()).isEqualTo(error.geminiStatus);
                    assertThat(e.message()).contains(error.message);
                });
        vertex.verify(3, postRequestedFor(urlPathEqualTo(GEMINI + ":generateContent"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-token-1")));
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(StreamClients.class)
    void aClaudeStreamVertexRefusesWithResourceExhaustedIsA429InEachSdk(StreamClients sdk) {
        answer(CLAUDE, ":streamRawPredict", VertexError.RESOURCE_EXHAUSTED.answer());
        startGateway();

        assertThatThrownBy(() -> sdk.stream(server.baseUrl(), CLIENT_KEY, "claude-sonnet-4-5", text -> { }))
                .satisfies(e -> assertThat(switch (e) {
                    case OpenAIServiceException o -> o.statusCode();
                    case AnthropicServiceException a -> a.statusCode();
                    case ApiException g -> g.code();
                    default -> throw new AssertionError("not an SDK's error", e);
                }).isEqualTo(429))
                .hasMessageContaining("Resource exhausted");
        vertex.verify(1, postRequestedFor(urlPathEqualTo(CLAUDE + ":streamRawPredict")));
    }

    @Test
    void claudesOwnRefusalOnVertexReachesTheOpenAiAndGeminiSdksAsAnInvalidRequest() {
        answer(CLAUDE, ":rawPredict", json(400, "vertex/error-400-claude-invalid-request.json"));
        startGateway();

        assertThatThrownBy(() -> openAi.chat().completions().create(hello("claude-sonnet-4-5")))
                .isInstanceOfSatisfying(com.openai.errors.BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("max_tokens: Field required"));
        assertThatThrownBy(() -> gemini.models.generateContent("claude-sonnet-4-5", "Hello", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.message()).contains("max_tokens: Field required");
                });
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(StreamClients.class)
    void aServiceAccountTheTokenEndpointRefusesIsA502InTheClientsOwnFormat(StreamClients sdk) throws Exception {
        tokens.refuse(true);
        startGateway();

        RawHttp.Response response = RawHttp.post(server.baseUrl() + sdk.path("claude-sonnet-4-5", false),
                sdk.body("claude-sonnet-4-5", false), "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(response.status()).isEqualTo(502);
        JsonNode error = sdk.errorBody(response);
        assertThat(error.get("message").asText()).contains("no Vertex AI access token for vertex-claude#0")
                .contains("invalid_grant").contains("gateway-test@gateway-test.iam.gserviceaccount.com")
                .doesNotContain("PRIVATE KEY");
        vertex.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anExpiredTokenIsReplacedBeforeTheNextRequest() {
        tokens.tokenLifetime(Duration.ofSeconds(60));
        answer(GEMINI, ":generateContent", json(200, "vertex/gemini-text.json"));
        startGateway();

        for (int i = 0; i < 2; i++) {
            assertThat(openAi.chat().completions().create(hello("gemini-2.5-flash")).choices().getFirst()
                    .message().content()).contains("The weather in Paris is sunny.");
        }

        vertex.verify(1, postRequestedFor(urlPathEqualTo(GEMINI + ":generateContent"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-token-1")));
        vertex.verify(1, postRequestedFor(urlPathEqualTo(GEMINI + ":generateContent"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-token-2")));
        assertThat(tokens.grants()).isEqualTo(2);
    }
}
