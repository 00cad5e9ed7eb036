package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GEMINI;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_GENERATE;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official OpenAI Java SDK on {@code /v1/responses} against the running server: every error in OpenAI's shape,
 * with the SDK's class for its status, whatever format the upstream speaks.
 */
class ResponsesSdkEndToEndTest {
    private static final String RESPONSES = "/v1/responses";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
        client = sdk(CLIENT_KEY);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        gateway.close();
    }

    private OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ResponseCreateParams hello(String model) {
        return ResponseCreateParams.builder().model(model).input("Hello").build();
    }

    private static String text(Response response) {
        return String.join("", response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(item -> item.asMessage().content().stream()).map(c -> c.asOutputText().text()).toList());
    }

    private RawHttp.Response raw(String body, String... headers) throws Exception {
        return RawHttp.post(server.baseUrl() + RESPONSES, body, headers);
    }

    private RawHttp.Response rawHello(String model) throws Exception {
        return raw("{\"model\":\"" + model + "\",\"input\":\"Hello\"}", "Authorization", "Bearer " + CLIENT_KEY);
    }

    @Test
    void sdkSeesAWrongKeyAsUnauthorized() throws Exception {
        OpenAIClient wrong = sdk("not-the-key");
        try {
            assertThatThrownBy(() -> wrong.responses().create(hello(GPT)))
                    .isInstanceOf(UnauthorizedException.class)
                    .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).contains("invalid_api_key"));
        } finally {
            wrong.close();
        }
        RawHttp.Response r = raw("{\"model\":\"gpt\",\"input\":\"Hello\"}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(ErrorBodies.openAi(r).get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void sdkSeesAnUnknownModelAsNotFound() throws Exception {
        assertThatThrownBy(() -> client.responses().create(hello("gpt-9")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> {
                    assertThat(((OpenAIServiceException) e).code()).contains("model_not_found");
                    assertThat(((OpenAIServiceException) e).param()).contains("model");
                });
        RawHttp.Response r = rawHello("gpt-9");

        assertThat(r.status()).isEqualTo(404);
        assertThat(ErrorBodies.openAi(r).get("param").asText()).isEqualTo("model");
    }

    @Test
    void malformedJsonIs400SayingWhere() throws Exception {
        RawHttp.Response r = raw("{\"model\":\"gpt\",\"input\":[}", "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.openAi(r);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).startsWith("malformed JSON at line 1");
    }

    @Test
    void aMissingModelIs400NamingTheParam() throws Exception {
        RawHttp.Response r = raw("{\"input\":\"Hello\"}", "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(ErrorBodies.openAi(r).get("param").asText()).isEqualTo("model");
    }

    @Test
    void aMistypedInputIs400NamingThePath() throws Exception {
        RawHttp.Response r = raw("{\"model\":\"gpt\",\"input\":[{\"role\":\"user\",\"content\":42}]}",
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(ErrorBodies.openAi(r).get("message").asText()).contains("input[0].content");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void sdkSeesABodyOverTheLimitAs413() {
        gateway.reload(FormatUpstreams.config(upstream.baseUrl(), 4096));

        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model(GPT)
                .input("x".repeat(5000)).build()))
                .isInstanceOf(OpenAIServiceException.class)
                .satisfies(e -> {
                    assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(413);
                    assertThat(((OpenAIServiceException) e).code()).contains("request_too_large");
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

        assertThatThrownBy(() -> client.responses().create(hello(model)))
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((RateLimitException) e).headers().values("Retry-After"))
                        .containsExactly("20"));
        upstream.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "upstream {0}")
    @CsvSource({"500, server_error", "503, overloaded_error"})
    void sdkSeesAnUpstreamServerErrorAsInternalServerException(int status, String type) throws Exception {
        answer(upstream, MESSAGES, json(status, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"Internal server error\"}}"));

        assertThatThrownBy(() -> client.responses().create(hello(CLAUDE)))
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(status));
        RawHttp.Response r = rawHello(CLAUDE);

        assertThat(r.status()).isEqualTo(status);
        assertThat(ErrorBodies.openAi(r).get("type").asText()).isEqualTo(type);
    }

    @Test
    void sdkSeesAnUnreachableUpstreamAs502() {
        gateway.reload(FormatUpstreams.config("http://127.0.0.1:1"));

        assertThatThrownBy(() -> client.responses().create(hello(GEMINI)))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("cannot connect to upstream google#0")
                .satisfies(e -> {
                    assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(502);
                    assertThat(((OpenAIServiceException) e).code()).contains("upstream_unreachable");
                });
    }

    @Test
    void sdkSeesAnUnknownPreviousResponseIdAsBadRequest() throws Exception {
        assertThatThrownBy(() -> client.responses().create(hello(GPT).toBuilder()
                .previousResponseId("resp_does_not_exist").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Previous response with id 'resp_does_not_exist' not found.")
                .satisfies(e -> assertThat(((OpenAIServiceException) e).param()).contains("previous_response_id"));
        RawHttp.Response r = raw("{\"model\":\"gpt\",\"input\":\"Hello\",\"previous_response_id\":\"resp_x\"}",
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(ErrorBodies.openAi(r).get("param").asText()).isEqualTo("previous_response_id");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void sdkSeesAnUnknownPreviousResponseIdOnAStreamAsBadRequestBeforeAnyEvent() {
        assertThatThrownBy(() -> {
            try (var events = client.responses().createStreaming(hello(CLAUDE).toBuilder()
                    .previousResponseId("resp_does_not_exist").build())) {
                events.stream().forEach(event -> { });
            }
        }).isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).param()).contains("previous_response_id"));
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void continuesAConversationFromAnEarlierResponseId() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response first = client.responses().create(hello(GPT));

        Response second = client.responses().create(ResponseCreateParams.builder().model(GPT).input("And again?")
                .previousResponseId(first.id()).build());

        assertThat(second.id()).isNotEqualTo(first.id()).startsWith("resp_");
        String sent = upstream.findAll(postRequestedFor(urlEqualTo(CHAT))).get(1).getBodyAsString();
        assertThat(sent).contains("Hello").contains("Hello! How can I assist you today?").contains("And again?");
    }

    @Test
    void sdkParsesAnAnswerFromAGeminiUpstream() {
        answer(upstream, GEMINI_GENERATE, json(200, Fixtures.bytes("gemini/generate-content-text.json")));

        Response response = client.responses().create(hello(GEMINI));

        assertThat(response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(item -> item.asMessage().content().stream()).map(c -> c.asOutputText().text()))
                .containsExactly("AI learns patterns from data to make predictions or decisions.");
    }

    @Test
    void sdkRetrievesAStoredResponseAsItWasShown() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response created = client.responses().create(hello(GPT).toBuilder().instructions("Be brief.").build());

        Response retrieved = client.responses().retrieve(created.id());

        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(retrieved.createdAt()).isEqualTo(created.createdAt());
        assertThat(retrieved.instructions().flatMap(i -> i.string())).contains("Be brief.");
        assertThat(text(retrieved)).isEqualTo("Hello! How can I assist you today?");
        assertThat(upstream.findAll(postRequestedFor(urlEqualTo(CHAT)))).hasSize(1);
    }

    @Test
    void sdkRetrievesAStreamedResponseOnceItsStreamEnded() {
        answer(upstream, MESSAGES, FormatUpstreams.sse(Fixtures.bytes("anthropic/stream-text.sse")));
        String id;
        try (var events = client.responses().createStreaming(hello(CLAUDE))) {
            id = events.stream().filter(e -> e.isCompleted()).map(e -> e.asCompleted().response().id())
                    .findFirst().orElseThrow();
        }

        Response retrieved = client.responses().retrieve(id);

        assertThat(retrieved.id()).isEqualTo(id);
        assertThat(text(retrieved)).isNotEmpty();
    }

    @Test
    void sdkDeletesAStoredResponseSoItCanNeitherBeReadNorContinued() throws Exception {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response created = client.responses().create(hello(GPT));
        RawHttp.Response deleted = RawHttp.send("DELETE", server.baseUrl() + RESPONSES + "/" + created.id(), HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(deleted.status()).isEqualTo(200);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(deleted.body());
        assertThat(body.get("id").asText()).isEqualTo(created.id());
        assertThat(body.get("object").asText()).isEqualTo("response.deleted");
        assertThat(body.get("deleted").asBoolean()).isTrue();
        assertThatThrownBy(() -> client.responses().retrieve(created.id()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Response with id '" + created.id() + "' not found.");
        assertThatThrownBy(() -> client.responses().delete(created.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses().create(hello(GPT).toBuilder()
                .previousResponseId(created.id()).build())).isInstanceOf(BadRequestException.class);
    }

    @Test
    void sdkDeletesAStoredResponse() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response created = client.responses().create(hello(GPT));

        client.responses().delete(created.id());

        assertThatThrownBy(() -> client.responses().retrieve(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUnknownResponseIdIs404InOpenAisShape() throws Exception {
        assertThatThrownBy(() -> client.responses().retrieve("resp_does_not_exist"))
                .isInstanceOf(NotFoundException.class);
        RawHttp.Response r = RawHttp.get(server.baseUrl() + RESPONSES + "/resp_does_not_exist",
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(404);
        JsonNode error = ErrorBodies.openAi(r);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isEqualTo("Response with id 'resp_does_not_exist' not found.");
    }

    @Test
    void aResponseStoredWithStoreFalseIsNotKept() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response created = client.responses().create(hello(GPT).toBuilder().store(false).build());

        assertThatThrownBy(() -> client.responses().retrieve(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAnswerEchoesThePreviousResponseIdItContinues() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response first = client.responses().create(hello(GPT));

        Response second = client.responses().create(ResponseCreateParams.builder().model(GPT).input("And again?")
                .previousResponseId(first.id()).build());

        assertThat(first.previousResponseId()).isEmpty();
        assertThat(second.previousResponseId()).contains(first.id());
        String sent = upstream.findAll(postRequestedFor(urlEqualTo(CHAT))).get(1).getBodyAsString();
        assertThat(sent).doesNotContain("previous_response_id").doesNotContain(first.id());
    }

    @Test
    void aStreamedAnswerEchoesThePreviousResponseIdItContinues() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        Response first = client.responses().create(hello(GPT));
        answer(upstream, MESSAGES, FormatUpstreams.sse(Fixtures.bytes("anthropic/stream-text.sse")));

        Response completed;
        try (var events = client.responses().createStreaming(ResponseCreateParams.builder().model(CLAUDE)
                .input("And again?").previousResponseId(first.id()).build())) {
            completed = events.stream().filter(e -> e.isCompleted()).map(e -> e.asCompleted().response())
                    .findFirst().orElseThrow();
        }

        assertThat(completed.previousResponseId()).contains(first.id());
        assertThat(client.responses().retrieve(completed.id()).previousResponseId()).contains(first.id());
    }
}
