package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE_KEY;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE_UPSTREAM;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.COUNT_TOKENS;
import static dev.aiproxy.server.FormatUpstreams.GEMINI;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_GENERATE;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_STREAM;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ContentTooLargeException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.ServiceUnavailableException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.models.ModelInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official Anthropic Java SDK against the running server: errors in Anthropic's shape and the SDK's classes,
 * the key and version headers its releases send, pings, token counts and the model list.
 */
class AnthropicSdkEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
        client = sdk(AnthropicOkHttpClient.builder().apiKey(CLIENT_KEY));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        gateway.close();
    }

    private AnthropicClient sdk(AnthropicOkHttpClient.Builder builder) {
        return builder.baseUrl(server.baseUrl()).maxRetries(0).build();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hello").build();
    }

    private static String text(Message message) {
        return message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text())
                .collect(Collectors.joining());
    }

    private RawHttp.Response rawMessages(String body, String... headers) throws Exception {
        return RawHttp.post(server.baseUrl() + MESSAGES, body, headers);
    }

    /** The error body the SDK kept, checked for Anthropic's exact shape; returns its inner error. */
    private static JsonNode errorBody(Throwable e) {
        return ErrorBodies.anthropic((AnthropicServiceException) e);
    }

    @Test
    void sdkSeesAWrongKeyAsUnauthorizedWithAuthenticationError() {
        AnthropicClient wrong = sdk(AnthropicOkHttpClient.builder().apiKey("not-the-key"));
        try {
            assertThatThrownBy(() -> wrong.messages().create(hello(CLAUDE)))
                    .isInstanceOf(UnauthorizedException.class)
                    .satisfies(e -> {
                        assertThat(((UnauthorizedException) e).statusCode()).isEqualTo(401);
                        assertThat(errorBody(e).get("type").asText()).isEqualTo("authentication_error");
                        assertThat(((UnauthorizedException) e).errorType().orElseThrow().asString())
                                .isEqualTo("authentication_error");
                    });
        } finally {
            wrong.close();
        }
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void aMissingKeyIs401InAnthropicsShape() throws Exception {
        RawHttp.Response r = rawMessages("{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[]}",
                "anthropic-version", "2023-06-01");

        assertThat(r.status()).isEqualTo(401);
        assertThat(ErrorBodies.anthropic(r).get("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void sdkSeesAnUnknownModelAsNotFound() {
        assertThatThrownBy(() -> client.messages().create(hello("claude-9")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> {
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("not_found_error");
                    assertThat(error.get("message").asText()).contains("'claude-9'");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void malformedJsonIs400InvalidRequestErrorSayingWhere() throws Exception {
        RawHttp.Response r = rawMessages("{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[}",
                "x-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.anthropic(r);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).startsWith("malformed JSON at line 1");
    }

    @Test
    void aRequestWithoutMaxTokensIs400BeforeAnyUpstreamCall() throws Exception {
        RawHttp.Response r = rawMessages("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.anthropic(r);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("max_tokens");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRequestWithoutMessagesIs400() throws Exception {
        RawHttp.Response r = rawMessages("{\"model\":\"claude\",\"max_tokens\":10}", "x-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(ErrorBodies.anthropic(r).get("message").asText()).contains("messages");
    }

    @Test
    void sdkSeesABodyOverTheLimitAsContentTooLarge() {
        gateway.reload(FormatUpstreams.config(upstream.baseUrl(), 4096));

        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model(CLAUDE).maxTokens(10)
                .addUserMessage("x".repeat(5000)).build()))
                .isInstanceOf(ContentTooLargeException.class)
                .satisfies(e -> {
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("request_too_large");
                    assertThat(error.get("message").asText()).contains("4096");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest(name = "{0} upstream")
    @CsvSource({
        "claude, /v1/messages, anthropic/error-429.json, This request would exceed the rate limit",
        "gpt, /v1/chat/completions, openai/error-429.json, Rate limit reached",
        "gemini, /v1beta/models/gemini-2.5-flash:generateContent, gemini/error-429-resource-exhausted.json, "
                + "You exceeded your current quota"})
    void sdkSeesAnUpstreamRateLimitAsRateLimitExceptionWithRetryAfter(String model, String path, String fixture,
            String message) {
        answer(upstream, path, json(429, Fixtures.bytes(fixture)).withHeader("Retry-After", "20"));

        assertThatThrownBy(() -> client.messages().create(hello(model)))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> {
                    RateLimitException r = (RateLimitException) e;
                    assertThat(r.headers().values("Retry-After")).containsExactly("20");
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
                    assertThat(error.get("message").asText()).contains(message);
                });
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void sdkSeesARateLimitOnAStreamAsRateLimitExceptionBeforeAnyEvent() {
        answer(upstream, CHAT, json(429, Fixtures.bytes("openai/error-429.json")).withHeader("Retry-After", "3"));

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(hello(GPT))) {
                events.stream().forEach(event -> { });
            }
        }).isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((RateLimitException) e).headers().values("Retry-After"))
                        .containsExactly("3"));
    }

    @ParameterizedTest(name = "upstream {0}")
    @CsvSource({
        "500, api_error, com.anthropic.errors.InternalServerException",
        "503, overloaded_error, com.anthropic.errors.ServiceUnavailableException",
        "529, overloaded_error, com.anthropic.errors.OverloadedException"})
    void sdkSeesAnUpstreamServerErrorAsItsServerErrorClass(int status, String type, Class<?> expected) {
        answer(upstream, MESSAGES, json(status, status == 529 ? Fixtures.text("anthropic/error-529.json")
                : "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"));

        assertThatThrownBy(() -> client.messages().create(hello(CLAUDE)))
                .isInstanceOf(expected)
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> {
                    assertThat(((AnthropicServiceException) e).statusCode()).isEqualTo(status);
                    assertThat(errorBody(e).get("type").asText()).isEqualTo(type);
                });
    }

    @Test
    void sdkSeesAnOverloadedTranslatedUpstreamAsServiceUnavailable() {
        answer(upstream, CHAT, json(503, "{\"error\":{\"message\":\"The engine is currently overloaded\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        assertThatThrownBy(() -> client.messages().create(hello(GPT)))
                .isInstanceOf(ServiceUnavailableException.class)
                .satisfies(e -> {
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("overloaded_error");
                    assertThat(error.get("message").asText()).contains("The engine is currently overloaded");
                });
    }

    @Test
    void sdkSeesAnUnreachableUpstreamAs502ApiError() {
        gateway.reload(FormatUpstreams.config("http://127.0.0.1:1"));

        assertThatThrownBy(() -> client.messages().create(hello(CLAUDE)))
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> {
                    assertThat(((InternalServerException) e).statusCode()).isEqualTo(502);
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("api_error");
                    assertThat(error.get("message").asText()).contains("cannot connect to upstream anthropic#0");
                });
    }

    @Test
    void sdkSeesAnUpstreamBadRequestWithItsMessage() {
        answer(upstream, MESSAGES, json(400, Fixtures.bytes("anthropic/error-400.json")));

        assertThatThrownBy(() -> client.messages().create(hello(CLAUDE)))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> {
                    JsonNode error = errorBody(e);
                    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
                    assertThat(error.get("message").asText()).isEqualTo("max_tokens: Field required");
                });
    }

    @Test
    void acceptsTheKeyAsABearerTokenWithoutXApiKey() {
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));

        AnthropicClient bearer = sdk(AnthropicOkHttpClient.builder().authToken(CLIENT_KEY));
        Message message;
        try {
            message = bearer.messages().create(hello(CLAUDE));
        } finally {
            bearer.close();
        }

        assertThat(text(message)).isEqualTo("Hi! My name is Claude.");
        upstream.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("x-api-key", equalTo(CLAUDE_KEY))
                .withHeader("Authorization", absent()));
    }

    @Test
    void acceptsAnAnthropicVersionNewerThanAnyKnownAndSendsItsOwnUpstream() {
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));

        AnthropicClient future = sdk(AnthropicOkHttpClient.builder().apiKey(CLIENT_KEY)
                .putHeader("anthropic-version", "2099-12-31"));
        Message message;
        try {
            message = future.messages().create(hello(CLAUDE));
        } finally {
            future.close();
        }

        assertThat(text(message)).isEqualTo("Hi! My name is Claude.");
        upstream.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("anthropic-version", equalTo("2023-06-01")));
    }

    /**
     * The gateway forwards no client header at all: a beta the client opts into through {@code anthropic-beta} is
     * not switched on upstream. Only the body reaches the upstream (passthrough keeps every body field).
     */
    @Test
    void doesNotForwardTheClientsBetaHeaders() throws Exception {
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));

        RawHttp.Response r = rawMessages("{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", "x-api-key", CLIENT_KEY, "anthropic-version", "2099-12-31",
                "anthropic-beta", "context-1m-2025-08-07", "x-custom-tenant", "acme");

        assertThat(r.status()).isEqualTo(200);
        upstream.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("anthropic-beta", absent())
                .withHeader("x-custom-tenant", absent()));
    }

    @Test
    void pingEventsPassAndTheSdkAccumulatesAroundThem() throws Exception {
        answer(upstream, MESSAGES, sse(Fixtures.bytes("anthropic/stream-text.sse")));
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(hello(CLAUDE))) {
            events.stream().forEach(accumulator::accumulate);
        }
        RawHttp.Response raw = rawMessages("{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", CLIENT_KEY);

        assertThat(text(accumulator.message())).isEqualTo("Hello!");
        assertThat(accumulator.message().stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        assertThat(raw.body()).contains("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    }

    @Test
    void countsTokensThroughAClaudeUpstream() {
        answer(upstream, COUNT_TOKENS, json(200, Fixtures.bytes("anthropic/count-tokens.json")));

        long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE)
                .addUserMessage("Hello, world").build()).inputTokens();

        assertThat(tokens).isEqualTo(2095);
        upstream.verify(1, postRequestedFor(urlEqualTo(COUNT_TOKENS))
                .withHeader("x-api-key", equalTo(CLAUDE_KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(CLAUDE_UPSTREAM)))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", equalTo("Hello, world"))));
    }

    @Test
    void estimatesTokensForAnOpenAiUpstreamWithoutCallingIt() {
        long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model(GPT)
                .addUserMessage("Hello, world. How many tokens is this sentence?").build()).inputTokens();

        assertThat(tokens).isGreaterThan(0);
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAnswerFromAnotherProviderHasAnIdInAnthropicsShapeStreamedOrNot() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Message answer = client.messages().create(hello(GPT));
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));

        String streamedId;
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(hello(GPT))) {
            streamedId = events.stream().filter(RawMessageStreamEvent::isMessageStart)
                    .map(e -> e.asMessageStart().message().id()).findFirst().orElseThrow();
        }

        assertThat(answer.id()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(streamedId).matches("msg_[0-9A-Za-z]{24}");
    }

    @Test
    void messageStartCarriesTheInputTokensAGeminiUpstreamReportsInItsFirstChunk() {
        answer(upstream, GEMINI_STREAM, sse(Fixtures.bytes("gemini/stream-text.sse")));

        long atStart;
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(hello(GEMINI))) {
            atStart = events.stream().filter(RawMessageStreamEvent::isMessageStart)
                    .map(e -> e.asMessageStart().message().usage().inputTokens()).findFirst().orElseThrow();
        }

        assertThat(atStart).isEqualTo(9);
    }

    @Test
    void inputTokensAnOpenAiUpstreamReportsOnlyAtTheEndComeInMessageDelta() {
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));
        List<RawMessageStreamEvent> seen;
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(hello(GPT))) {
            seen = events.stream().peek(accumulator::accumulate).toList();
        }

        // unknown at message_start, so not made up there: 0, as the API's own message_start says before counting
        assertThat(seen.getFirst().asMessageStart().message().usage().inputTokens()).isZero();
        assertThat(seen.stream().filter(RawMessageStreamEvent::isMessageDelta).findFirst().orElseThrow().asMessageDelta()
                .usage().inputTokens()).contains(9L);
        assertThat(accumulator.message().usage().inputTokens()).isEqualTo(9);
    }

    @Test
    void countTokensAgreesWithTheUsageOfTheEchoModelsAnswer() {
        MessageCountTokensParams count = MessageCountTokensParams.builder().model("echo").system("Be brief.")
                .addUserMessage("hello").build();
        MessageCreateParams create = MessageCreateParams.builder().model("echo").maxTokens(64).system("Be brief.")
                .addUserMessage("hello").build();

        long counted = client.messages().countTokens(count).inputTokens();
        Message answer = client.messages().create(create);
        MessageAccumulator streamed = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(create)) {
            events.stream().forEach(streamed::accumulate);
        }

        assertThat(counted).isEqualTo(answer.usage().inputTokens())
                .isEqualTo(streamed.message().usage().inputTokens())
                .isGreaterThan(0);
    }

    @Test
    void countsTokensThroughAGeminiUpstream() {
        answer(upstream, "/v1beta/models/gemini-2.5-flash:countTokens",
                json(200, Fixtures.bytes("gemini/count-tokens.json")));

        long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model(GEMINI)
                .addUserMessage("Hello, world").build()).inputTokens();

        assertThat(tokens).isEqualTo(31);
    }

    @Test
    void sdkListsTheModels() {
        List<String> ids = client.models().list().data().stream().map(ModelInfo::id).toList();

        assertThat(ids).containsExactly(CLAUDE, GEMINI, GPT, "echo");
    }

    @Test
    void sdkParsesATranslatedAnswerFromAGeminiUpstream() {
        answer(upstream, GEMINI_GENERATE, json(200, Fixtures.bytes("gemini/generate-content-text.json")));

        Message message = client.messages().create(hello(GEMINI));

        assertThat(text(message)).isEqualTo("AI learns patterns from data to make predictions or decisions.");
        assertThat(message.model().asString()).isEqualTo(GEMINI);
    }
}
