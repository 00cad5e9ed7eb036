package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.server.testing.LogCapture;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official OpenAI Java SDK against the running server, with WireMock as the OpenAI-compatible upstream. */
class OpenAiSdkEndToEndTest {
    static final String CLIENT_KEY = "gw-client-key-0123456789";
    static final String UPSTREAM_KEY = "sk-upstream-abcdefghijklmnop0123456789";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient client;

    static GatewayConfig config(String upstreamBaseUrl, long maxBody) {
        return GatewayConfig.builder()
                .port(0)
                .addClientKey(CLIENT_KEY)
                // one credential, no further rounds: these tests check how one upstream failure reaches the SDK
                .resilience(dev.aiproxy.routing.config.Resilience.builder().requestRetry(0).build())
                .limits(new Limits(maxBody))
                .addProvider(ProviderConfig.builder("upstream", "openai-compatible")
                        .baseUrl(upstreamBaseUrl)
                        .apiKey(UPSTREAM_KEY)
                        .model("gpt-4o-mini-2024-07-18", "fast")
                        .model("gpt-4o")
                        .build())
                .build();
    }

    @BeforeEach
    void start() {
        gateway = Gateway.create(config(upstream.baseUrl() + "/v1", Limits.DEFAULTS.maxRequestBodyBytes()));
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

    private static void answer(int status, String fixture, String contentType) {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", contentType).withBody(Fixtures.bytes(fixture))));
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    @Test
    void sdkParsesAPassedThroughCompletion() {
        answer(200, "openai/chat-completion.json", "application/json");

        ChatCompletion completion = client.chat().completions().create(hello("fast"));

        assertThat(completion.choices().getFirst().message().content()).contains("Hello! How can I assist you today?");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(19);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(10);
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + UPSTREAM_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini-2024-07-18"))));
    }

    @Test
    void sdkParsesAToolCall() {
        answer(200, "openai/chat-completion-tool-call.json", "application/json");

        ChatCompletion completion = client.chat().completions().create(hello("gpt-4o"));

        ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls()
                .orElseThrow().getFirst().asFunction();
        assertThat(call.id()).isEqualTo("call_abc123");
        assertThat(call.function().name()).isEqualTo("get_current_weather");
        assertThat(call.function().arguments()).isEqualTo("{\n\"location\": \"Boston, MA\"\n}");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void sdkParsesAStreamChunkByChunkWithUsageAtTheEnd() {
        answer(200, "openai/chat-completion-stream.sse", "text/event-stream");
        List<String> deltas = new ArrayList<>();
        List<Long> usage = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                hello("fast").toBuilder()
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(deltas::add));
                chunk.usage().ifPresent(u -> usage.add(u.totalTokens()));
            });
        }

        assertThat(String.join("", deltas)).isEqualTo("Hello! How can I help?");
        assertThat(usage).containsExactly(14L);
    }

    @Test
    void sdkParsesAStreamedToolCall() {
        answer(200, "openai/chat-completion-stream-tool-call.sse", "text/event-stream");
        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello("fast"))) {
            stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .flatMap(choice -> choice.delta().toolCalls().orElse(List.of()).stream())
                    .forEach(call -> call.function().ifPresent(fn -> {
                        fn.name().ifPresent(names::add);
                        fn.arguments().ifPresent(arguments::append);
                    }));
        }

        assertThat(names).containsExactly("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris, France\"}");
    }

    @Test
    void sdkTalksToTheOfflineEchoModel() {
        ChatCompletion completion = client.chat().completions().create(hello("echo"));
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("echo").addUserMessage("one two three").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }

        assertThat(completion.choices().getFirst().message().content()).contains("Hello");
        assertThat(streamed.toString()).isEqualTo("one two three");
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void sdkListsTheModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).containsExactly("fast", "gpt-4o", "echo");
    }

    @Test
    void sdkSeesAWrongKeyAs401() {
        OpenAIClient wrong = sdk("not-the-key");
        try {
            assertThatThrownBy(() -> wrong.chat().completions().create(hello("fast")))
                    .isInstanceOf(UnauthorizedException.class)
                    .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).contains("invalid_api_key"));
        } finally {
            wrong.close();
        }
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void acceptsTheKeyInEveryHeaderClientsUse() throws Exception {
        answer(200, "openai/chat-completion.json", "application/json");
        String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        for (String[] header : List.of(new String[] {"x-api-key", CLIENT_KEY},
                new String[] {"x-goog-api-key", CLIENT_KEY})) {
            assertThat(RawHttp.post(server.baseUrl() + "/v1/chat/completions", body, header[0], header[1]).status())
                    .as(header[0]).isEqualTo(200);
        }
        assertThat(RawHttp.post(server.baseUrl() + "/v1/chat/completions?key=" + CLIENT_KEY, body).status())
                .isEqualTo(200);
        assertThat(RawHttp.post(server.baseUrl() + "/v1/chat/completions", body).status()).isEqualTo(401);
        upstream.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("x-api-key", absent()).withHeader("x-goog-api-key", absent()));
    }

    @Test
    void sdkSeesAnUnknownModelAs404() {
        assertThatThrownBy(() -> client.chat().completions().create(hello("gpt-9")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).contains("model_not_found"));
    }

    @Test
    void sdkSeesAnUpstreamRateLimitAs429WithRetryAfter() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "20")
                .withBody(Fixtures.bytes("openai/error-429.json"))));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> {
                    RateLimitException r = (RateLimitException) e;
                    assertThat(r.headers().values("Retry-After")).containsExactly("20");
                    assertThat(r.code()).contains("rate_limit_exceeded");
                    assertThat(r.getMessage()).contains("Rate limit reached");
                });
    }

    @Test
    void sdkSeesAnUpstreamsMillisecondRetryHintUnrounded() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("retry-after-ms", "120")
                .withBody(Fixtures.bytes("openai/error-429.json"))));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> {
                    RateLimitException r = (RateLimitException) e;
                    assertThat(r.headers().values("retry-after-ms")).containsExactly("120");
                    assertThat(r.headers().values("Retry-After")).containsExactly("1");
                });
    }

    @Test
    void sdkRetriesARateLimitWhenAskedAndTheGatewayAddsNoRetryOfItsOwn() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("retry-after-ms", "5")
                .withBody(Fixtures.bytes("openai/error-429.json"))));
        OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(CLIENT_KEY)
                .maxRetries(2).build();

        try {
            assertThatThrownBy(() -> retrying.chat().completions().create(hello("fast")))
                    .isInstanceOf(RateLimitException.class);
        } finally {
            retrying.close();
        }

        upstream.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void sdkSeesAnUpstream500As500() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("The server had an error");
    }

    @Test
    void sdkSeesAnUpstreamBadRequestWithItsMessage() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid value for 'temperature': must be <= 2.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}")));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid value for 'temperature'")
                .satisfies(e -> assertThat(((BadRequestException) e).code()).contains("invalid_value"));
    }

    @Test
    void sdkSeesAnUnreachableUpstreamAs502() {
        gateway.reload(config("http://127.0.0.1:1/v1", Limits.DEFAULTS.maxRequestBodyBytes()));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(OpenAIServiceException.class)
                .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(502))
                .hasMessageContaining("cannot connect to upstream upstream#0");
    }

    @Test
    void healthTurnsDegradedWhenAModelHasNoWorkingCredential() throws Exception {
        assertThat(RawHttp.get(server.baseUrl() + "/health").status()).isEqualTo(200);
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));

        assertThatThrownBy(() -> client.chat().completions().create(hello("fast")))
                .isInstanceOf(OpenAIServiceException.class);
        RawHttp.Response health = RawHttp.get(server.baseUrl() + "/health");

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"status\":\"degraded\",\"unavailable_models\":[\"fast\"],"
                + "\"models\":{\"fast\":\"down\",\"gpt-4o\":\"healthy\",\"echo\":\"healthy\"},"
                + "\"providers\":{\"upstream\":\"degraded\",\"echo\":\"healthy\"},\"unpriced_models\":[]}");
    }

    @Test
    void neverShowsTheUpstreamKeyInAResponseOrALogLine() throws Exception {
        List<String> seen = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + UPSTREAM_KEY
                            + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));
            String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            RawHttp.Response rejected = RawHttp.post(server.baseUrl() + "/v1/chat/completions", body,
                    "Authorization", "Bearer " + CLIENT_KEY);
            seen.add(rejected.headers() + rejected.body());
            assertThat(rejected.status()).isEqualTo(502);

            answer(200, "openai/chat-completion-stream.sse", "text/event-stream");
            RawHttp.Response streamed = RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                    body.replace("{\"model\"", "{\"stream\":true,\"model\""), "Authorization", "Bearer " + CLIENT_KEY);
            seen.add(streamed.headers() + streamed.body());

            gateway.reload(config("http://127.0.0.1:1/v1", 1024));
            for (String path : List.of("/v1/chat/completions", "/v1/models", "/health", "/nope")) {
                RawHttp.Response r = RawHttp.post(server.baseUrl() + path, body, "Authorization",
                        "Bearer " + CLIENT_KEY);
                seen.add(r.headers() + r.body());
            }
            seen.add(logs.text());
            assertThat(logs.size()).isGreaterThan(0);
        }

        assertThat(String.join("\n", seen)).doesNotContain(UPSTREAM_KEY).doesNotContain(UPSTREAM_KEY.substring(0, 12));
    }

    @Test
    void refusesANonLoopbackAddressWithoutClientKeys() {
        Gateway open = Gateway.create(GatewayConfig.builder().host("0.0.0.0").port(0).build());

        assertThatThrownBy(() -> GatewayServer.start(open))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without client keys");
        open.close();
    }
}
