package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GEMINI;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_COUNT;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_GENERATE;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_KEY;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_STREAM;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Google GenAI Java SDK against the running server: errors in Gemini's shape and the SDK's classes,
 * both API versions, both key forms, token counts and the model list.
 */
class GeminiSdkEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;
    private Client client;

    @BeforeEach
    void start() {
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
        client = sdk(CLIENT_KEY, "v1beta");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        gateway.close();
    }

    private Client sdk(String key, String apiVersion) {
        return Client.builder().apiKey(key).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(server.baseUrl()).apiVersion(apiVersion)
                        .retryOptions(StreamClients.noRetries()).build())
                .build();
    }

    private RawHttp.Response rawGenerate(String model, String body, String... headers) throws Exception {
        return RawHttp.post(generateUrl(model), body, headers);
    }

    private String generateUrl(String model) {
        return server.baseUrl() + "/v1beta/models/" + model + ":generateContent";
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}";

    @Test
    void sdkSeesAWrongKeyAsClientException401() {
        try (Client wrong = sdk("not-the-key", "v1beta")) {
            assertThatThrownBy(() -> wrong.models.generateContent(GEMINI, "Hello", null))
                    .isInstanceOf(ClientException.class)
                    .satisfies(e -> {
                        assertThat(((ApiException) e).code()).isEqualTo(401);
                        assertThat(((ApiException) e).status()).isEqualTo("UNAUTHENTICATED");
                    });
        }
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void aMissingKeyIs401InGeminisShape() throws Exception {
        RawHttp.Response r = rawGenerate(GEMINI, HELLO);

        assertThat(r.status()).isEqualTo(401);
        assertThat(ErrorBodies.gemini(r).get("status").asText()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void sdkSeesAnUnknownModelAsNotFound() {
        assertThatThrownBy(() -> client.models.generateContent("gemini-9", "Hello", null))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(404);
                    assertThat(((ApiException) e).status()).isEqualTo("NOT_FOUND");
                    assertThat(((ApiException) e).message()).contains("'gemini-9'");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnknownModelIs404InGeminisShape() throws Exception {
        RawHttp.Response r = rawGenerate("gemini-9", HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(404);
        assertThat(ErrorBodies.gemini(r).get("status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void malformedJsonIs400InvalidArgumentSayingWhere() throws Exception {
        RawHttp.Response r = rawGenerate(GEMINI, "{\"contents\":[}", "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.gemini(r);
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText()).startsWith("malformed JSON at line 1");
    }

    @Test
    void aRequestWithoutContentsIs400BeforeAnyUpstreamCall() throws Exception {
        RawHttp.Response r = rawGenerate(GEMINI, "{\"generationConfig\":{\"temperature\":0.5}}",
                "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.gemini(r);
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText()).contains("contents");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void sdkSeesABodyOverTheLimitAs413() {
        gateway.reload(FormatUpstreams.config(upstream.baseUrl(), 4096));

        assertThatThrownBy(() -> client.models.generateContent(GEMINI, "x".repeat(5000), null))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(413);
                    assertThat(((ApiException) e).status()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(((ApiException) e).message()).contains("4096");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413InGeminisShape() throws Exception {
        gateway.reload(FormatUpstreams.config(upstream.baseUrl(), 64));

        RawHttp.Response r = rawGenerate(GEMINI, HELLO.replace("Hello", "x".repeat(100)),
                "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(413);
        ErrorBodies.gemini(r);
    }

    @Test
    void sdkSeesAGeminiRateLimitAs429WithItsRetryDelay() throws Exception {
        answer(upstream, GEMINI_GENERATE, json(429, Fixtures.bytes("gemini/error-429-resource-exhausted.json")));

        assertThatThrownBy(() -> client.models.generateContent(GEMINI, "Hello", null))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(429);
                    assertThat(((ApiException) e).status()).isEqualTo("RESOURCE_EXHAUSTED");
                    assertThat(((ApiException) e).message()).contains("You exceeded your current quota");
                });
        RawHttp.Response raw = rawGenerate(GEMINI, HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(raw.status()).isEqualTo(429);
        assertThat(raw.header("Retry-After")).as("Gemini's RetryInfo as Retry-After").isEqualTo("17");
        assertThat(ErrorBodies.gemini(raw).at("/details/0/retryDelay").asText()).isEqualTo("17s");
    }

    @ParameterizedTest(name = "{0} upstream")
    @CsvSource({
        "claude, /v1/messages, anthropic/error-429.json",
        "gpt, /v1/chat/completions, openai/error-429.json"})
    void aTranslatedRateLimitIs429WithRetryAfter(String model, String path, String fixture) throws Exception {
        answer(upstream, path, json(429, Fixtures.bytes(fixture)).withHeader("Retry-After", "20"));

        assertThatThrownBy(() -> client.models.generateContent(model, "Hello", null))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo("RESOURCE_EXHAUSTED"));
        RawHttp.Response raw = rawGenerate(model, HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(raw.status()).isEqualTo(429);
        assertThat(raw.header("Retry-After")).isEqualTo("20");
        assertThat(ErrorBodies.gemini(raw).at("/details/0/retryDelay").asText()).isEqualTo("20s");
    }

    @ParameterizedTest(name = "upstream {0}")
    @CsvSource({"500, INTERNAL", "503, UNAVAILABLE"})
    void sdkSeesAnUpstreamServerErrorAsServerException(int status, String grpcStatus) {
        answer(upstream, GEMINI_GENERATE, json(status, status == 503
                ? Fixtures.text("gemini/error-503-unavailable.json")
                : "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\","
                        + "\"status\":\"INTERNAL\"}}"));

        assertThatThrownBy(() -> client.models.generateContent(GEMINI, "Hello", null))
                .isInstanceOf(ServerException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(status);
                    assertThat(((ApiException) e).status()).isEqualTo(grpcStatus);
                });
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }

    /**
     * Gemini rejects a bad key with 400 API_KEY_INVALID, not 401: that judges the gateway's key, so the client must
     * not be told its request or its key is wrong.
     */
    @Test
    void aGeminiUpstreamRejectingTheGatewaysKeyIs502NotTheClientsFault() throws Exception {
        answer(upstream, GEMINI_GENERATE, json(400, Fixtures.bytes("gemini/error-400-api-key-invalid.json")));

        assertThatThrownBy(() -> client.models.generateContent(GEMINI, "Hello", null))
                .isInstanceOf(ServerException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(502));
        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"gemini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(502);
        JsonNode error = ErrorBodies.openAi(r);
        assertThat(error.get("code").asText()).isEqualTo("upstream_credential_rejected");
        assertThat(error.get("message").asText()).contains("upstream google#0 answered 400")
                .doesNotContain(GEMINI_KEY);
        assertThat(RawHttp.get(server.baseUrl() + "/health").status()).as("the credential counts as failing")
                .isEqualTo(503);
    }

    @Test
    void sdkSeesAnOverloadedAnthropicUpstreamAsServerException() {
        answer(upstream, MESSAGES, json(529, Fixtures.bytes("anthropic/error-529.json")));

        assertThatThrownBy(() -> client.models.generateContent(CLAUDE, "Hello", null))
                .isInstanceOf(ServerException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo("UNAVAILABLE");
                    assertThat(((ApiException) e).message()).contains("Overloaded");
                });
    }

    @Test
    void sdkSeesAnUnreachableUpstreamAs502() {
        gateway.reload(FormatUpstreams.config("http://127.0.0.1:1"));

        assertThatThrownBy(() -> client.models.generateContent(GEMINI, "Hello", null))
                .isInstanceOf(ServerException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(502);
                    assertThat(((ApiException) e).status()).isEqualTo("INTERNAL");
                    assertThat(((ApiException) e).message()).contains("cannot connect to upstream google#0");
                });
    }

    @ParameterizedTest(name = "apiVersion {0}")
    @ValueSource(strings = {"v1", "v1beta"})
    void sdkGeneratesOnEitherApiVersion(String apiVersion) {
        answer(upstream, GEMINI_GENERATE, json(200, Fixtures.bytes("gemini/generate-content-text.json")));

        GenerateContentResponse response;
        try (Client versioned = sdk(CLIENT_KEY, apiVersion)) {
            response = versioned.models.generateContent(GEMINI, "Hello", null);
        }

        assertThat(response.text()).isEqualTo("AI learns patterns from data to make predictions or decisions.");
        upstream.verify(postRequestedFor(urlEqualTo(GEMINI_GENERATE))
                .withHeader("x-goog-api-key", equalTo(GEMINI_KEY)));
    }

    @ParameterizedTest(name = "apiVersion {0}")
    @ValueSource(strings = {"v1", "v1beta"})
    void sdkStreamsOnEitherApiVersion(String apiVersion) {
        answer(upstream, GEMINI_STREAM, sse(Fixtures.bytes("gemini/stream-text.sse")));
        StringBuilder text = new StringBuilder();

        try (Client versioned = sdk(CLIENT_KEY, apiVersion);
                ResponseStream<GenerateContentResponse> chunks = versioned.models.generateContentStream(GEMINI,
                        "Hello", null)) {
            chunks.forEach(chunk -> text.append(chunk.text()));
        }

        assertThat(text.toString()).isEqualTo("The quick brown fox jumps over the lazy dog.");
        upstream.verify(postRequestedFor(urlEqualTo(GEMINI_STREAM + "?alt=sse")));
    }

    /** The SDK raises on bytes left over after the last event, so every event must be framed whole. */
    @Test
    void aTranslatedStreamIsFramedAsGeminiFramesIt() throws Exception {
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/gpt:streamGenerateContent?alt=sse",
                HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(r.body()).startsWith("data: {").endsWith("}\r\n\r\n");
        String[] events = r.body().split("\r\n\r\n");
        assertThat(events).hasSizeGreaterThan(1).allSatisfy(event -> {
            assertThat(event).startsWith("data: {").doesNotContain("\n");
            ErrorBodies.parse(event.substring("data: ".length()), event);
        });
        String text = String.join("", java.util.Arrays.stream(events).map(e -> ErrorBodies.parse(
                e.substring(6), e).at("/candidates/0/content/parts/0/text").asText()).toList());
        assertThat(text).isEqualTo("Hello! How can I help?");
    }

    @Test
    void acceptsTheKeyAsAQueryParameter() throws Exception {
        answer(upstream, GEMINI_GENERATE, json(200, Fixtures.bytes("gemini/generate-content-text.json")));

        RawHttp.Response r = RawHttp.post(generateUrl(GEMINI) + "?key=" + CLIENT_KEY, HELLO);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("AI learns patterns");
        upstream.verify(postRequestedFor(urlEqualTo(GEMINI_GENERATE))
                .withHeader("x-goog-api-key", equalTo(GEMINI_KEY)));
    }

    @Test
    void aStreamWithoutAltSseIsOneJsonArrayOfTheChunksAsGoogleSendsIt() throws Exception {
        answer(upstream, GEMINI_STREAM, sse(Fixtures.bytes("gemini/stream-text.sse")));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/" + GEMINI + ":streamGenerateContent",
                HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).startsWith("[{").contains("}\n,\r\n{").endsWith("}\n]");
        List<JsonNode> upstreamChunks = new ArrayList<>();
        for (String line : new String(Fixtures.bytes("gemini/stream-text.sse"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("data: ")) {
                upstreamChunks.add(JSON.readTree(line.substring(6)));
            }
        }
        assertThat(elements(r.bytes())).isEqualTo(upstreamChunks).hasSizeGreaterThan(1);
        upstream.verify(postRequestedFor(urlEqualTo(GEMINI_STREAM + "?alt=sse")));
    }

    @Test
    void aTranslatedStreamWithAltJsonIsAJsonArrayOfGeminiChunks() throws Exception {
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/" + GPT
                + ":streamGenerateContent?alt=json", HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> chunks = elements(r.bytes());
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.at("/candidates/0/content/parts").forEach(p -> text.append(p.path("text").asText())));
        assertThat(text.toString()).isNotEmpty();
        assertThat(chunks.getLast().at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(chunks.getLast().at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(9);
    }

    @Test
    void anErrorBeforeAJsonArrayStreamIsGeminisErrorObject() throws Exception {
        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/gemini-9:streamGenerateContent",
                HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(404);
        assertThat(ErrorBodies.gemini(r).get("status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anUnsupportedAltIs400SayingWhichAreSupported() throws Exception {
        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/gemini:streamGenerateContent?alt=proto",
                HELLO, "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.gemini(r);
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText()).contains("alt='proto'").contains("sse, json");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    /** The array's elements, read one by one with a streaming parser, as REST clients read it. */
    private static List<JsonNode> elements(byte[] body) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                out.add(JSON.readTree(parser));
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
            assertThat(parser.nextToken()).isNull();
        }
        return out;
    }

    @Test
    void countsTokensThroughAGeminiUpstream() {
        answer(upstream, GEMINI_COUNT, json(200, Fixtures.bytes("gemini/count-tokens.json")));

        int tokens = client.models.countTokens(GEMINI, "Hello, world", null).totalTokens().orElseThrow();

        assertThat(tokens).isEqualTo(31);
        upstream.verify(1, postRequestedFor(urlEqualTo(GEMINI_COUNT))
                .withHeader("x-goog-api-key", equalTo(GEMINI_KEY))
                .withRequestBody(matchingJsonPath("$.generateContentRequest.contents[0].parts[0].text",
                        equalTo("Hello, world"))));
    }

    @Test
    void countTokensAgreesWithTheUsageOfTheEchoModelsAnswer() {
        int counted = client.models.countTokens("echo", "hello", null).totalTokens().orElseThrow();

        GenerateContentResponse answer = client.models.generateContent("echo", "hello", null);

        assertThat(counted).isGreaterThan(0)
                .isEqualTo(answer.usageMetadata().orElseThrow().promptTokenCount().orElseThrow());
    }

    @Test
    void estimatesTokensForAnOpenAiUpstreamWithoutCallingIt() {
        int tokens = client.models.countTokens(GPT, "Hello, world. How many tokens is this sentence?", null)
                .totalTokens().orElseThrow();

        assertThat(tokens).isGreaterThan(0);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest(name = "apiVersion {0}")
    @ValueSource(strings = {"v1", "v1beta"})
    void sdkListsTheModels(String apiVersion) {
        List<String> names = new ArrayList<>();

        try (Client versioned = sdk(CLIENT_KEY, apiVersion)) {
            for (Model model : versioned.models.list(ListModelsConfig.builder().build())) {
                names.add(model.name().orElseThrow());
            }
        }

        assertThat(names).containsExactly("models/" + CLAUDE, "models/" + GEMINI, "models/" + GPT, "models/echo");
    }

    @Test
    void sdkParsesATranslatedAnswerFromAnOpenAiUpstream() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));

        GenerateContentResponse response = client.models.generateContent(GPT, "Hello", null);

        assertThat(response.text()).contains("Hello! How can I assist you today?");
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }
}
