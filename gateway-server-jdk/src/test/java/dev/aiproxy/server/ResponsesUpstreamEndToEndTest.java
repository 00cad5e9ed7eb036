package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@code openai-compatible} entry with {@code api: responses}, configured from YAML, behind the running server:
 * what its failures become for each client format (OpenAI's error body on {@code /v1/responses}, the stream's
 * {@code response.failed} and {@code error} events, a stream cut short), and what its usage becomes in the usage
 * record and its cost. The upstream answers from {@code src/test/resources/responses-upstream/} (its README names
 * OpenAI's pages).
 */
class ResponsesUpstreamEndToEndTest {
    private static final String CLIENT_KEY = "gw-responses-client-key-0123";
    private static final String MODEL = "codex";
    private static final String UPSTREAM_MODEL = "gpt-5-codex";
    private static final String UPSTREAM_KEY = "sk-upstream-responses-e2e-0123456789";
    private static final String PATH = "/v1/responses";
    /** A model of a Chat Completions upstream beside it, on which a conversation can begin. */
    private static final String CHAT_MODEL = "gpt";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final BlockingQueue<UsageRecord> USAGE = new LinkedBlockingQueue<>();
    private static Gateway gateway;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        String yaml = """
                port: 0
                api-keys: [%s]
                request-retry: 0
                disable-cooling: true
                openai-compatibility:
                  - name: openai-responses
                    base-url: %s/v1
                    api: responses
                    api-key-entries:
                      - api-key: %s
                    models:
                      - name: %s
                        alias: %s
                  - name: chat
                    base-url: %s/v1
                    api-keys: [sk-upstream-chat-0123456789]
                    models:
                      - name: gpt-4o-mini-2024-07-18
                        alias: %s
                """.formatted(CLIENT_KEY, upstream.baseUrl(), UPSTREAM_KEY, UPSTREAM_MODEL, MODEL, upstream.baseUrl(),
                CHAT_MODEL);
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of())
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
        gateway = Gateway.builder(config).onUsage(USAGE::add).build();
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    @BeforeEach
    void forgetUsage() {
        USAGE.clear();
    }

    /** An upstream failure status, the status its client gets, and what the message must say. */
    enum UpstreamError {
        BAD_REQUEST(400, 400, "Unsupported value: 'reasoning.effort'"),
        /** The upstream refused the gateway's key: the gateway's problem, not the client's. */
        KEY_REJECTED(401, 502, "upstream openai-responses#0 answered 401: Incorrect API key provided"),
        MODEL_NOT_FOUND(404, 404, "does not exist or you do not have access to it"),
        RATE_LIMITED(429, 429, "Rate limit reached for gpt-5-codex"),
        SERVER_ERROR(500, 500, "The server had an error while processing your request"),
        OVERLOADED(503, 503, "The engine is currently overloaded");

        final int upstreamStatus;
        final int clientStatus;
        final String message;

        UpstreamError(int upstreamStatus, int clientStatus, String message) {
            this.upstreamStatus = upstreamStatus;
            this.clientStatus = clientStatus;
            this.message = message;
        }

        ResponseDefinitionBuilder answer() {
            ResponseDefinitionBuilder answer = json(upstreamStatus, "error-" + upstreamStatus + ".json");
            return upstreamStatus == 429 ? answer.withHeader("Retry-After", "7") : answer;
        }
    }

    static Stream<Arguments> errorCases() {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            for (UpstreamError error : UpstreamError.values()) {
                for (boolean stream : new boolean[] {false, true}) {
                    cases.add(Arguments.of(client, error, stream));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, upstream {1}, stream={2}")
    @MethodSource("errorCases")
    void anUpstreamErrorReachesTheClientInItsOwnFormatWithItsStatus(StreamClients client, UpstreamError error,
            boolean stream) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(error.answer()));

        RawHttp.Response r = call(client, stream);

        assertThat(r.status()).as(r.body()).isEqualTo(error.clientStatus);
        JsonNode body = client.errorBody(r);
        assertThat(body.get("message").asText()).contains(error.message).doesNotContain(UPSTREAM_KEY);
        if (error == UpstreamError.RATE_LIMITED) {
            assertThat(r.headers().get("retry-after")).as("the upstream's Retry-After, relayed").containsExactly("7");
        }
        assertThat(upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(PATH)))).hasSize(1);
    }

    /**
     * A stream that fails ({@code response.failed}, an {@code error} event) or ends without {@code response.completed}:
     * the client gets the text that came, then an error in its own format that its SDK raises; the request is never
     * accounted as a whole answer. A Responses client takes the first two as OpenAI sent them (below).
     */
    static Stream<Arguments> brokenStreams() {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            if (client != StreamClients.OPENAI_RESPONSES) {
                cases.add(Arguments.of(client, "stream-failed.sse", "The model failed to generate a response."));
                cases.add(Arguments.of(client, "stream-error.sse",
                        "The server had an error while processing your request."));
            }
            cases.add(Arguments.of(client, "stream-cut.sse", "cut short"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @MethodSource("brokenStreams")
    void aBrokenStreamIsAnErrorAfterTheTextThatCameNeverAFinishedAnswer(StreamClients client, String fixture,
            String message) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(sse(fixture)));
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, MODEL, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining(message);
        assertThat(nextUsage().outcome()).isNotEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(client.lastErrorEvent(call(client, true).body()).get("message").asText()).contains(message);
    }

    /**
     * A Responses client is relayed {@code response.failed} and {@code error} as OpenAI sent them, byte for byte: its
     * SDK reads each as the event it is (a failed response, an error), after the text, never as a whole answer.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"stream-failed.sse", "stream-error.sse"})
    void aResponsesClientReadsTheUpstreamsOwnFailureEvent(String fixture) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(sse(fixture)));
        StringBuilder text = new StringBuilder();
        List<String> failures = new ArrayList<>();

        OpenAIClient client = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(
                ResponseCreateParams.builder().model(MODEL).input("Hello").build())) {
            events.stream().forEach(event -> {
                if (event.isOutputTextDelta()) {
                    text.append(event.asOutputTextDelta().delta());
                } else if (event.isFailed()) {
                    failures.add(event.asFailed().response().error().orElseThrow().message());
                } else if (event.isError()) {
                    failures.add(event.asError().message());
                }
                assertThat(event.isCompleted()).as("a completed response").isFalse();
            });
        } finally {
            client.close();
        }

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(failures).containsExactly(fixture.equals("stream-failed.sse")
                ? "The model failed to generate a response."
                : "The server had an error while processing your request.");
        assertThat(call(StreamClients.OPENAI_RESPONSES, true).body()).isEqualTo(fixture(fixture));
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(value = StreamClients.class, names = "OPENAI_RESPONSES", mode = EnumSource.Mode.EXCLUDE)
    void aFailedResponseObjectIsA502InTheClientsFormat(StreamClients client) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(json(200, "response-failed.json")));

        RawHttp.Response r = call(client, false);

        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(client.errorBody(r).get("message").asText())
                .contains("The model failed to generate a response.");
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(StreamClients.class)
    void anAnswerCutByMaxOutputTokensSaysSoInEachFormat(StreamClients client) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(json(200, "response-incomplete.json")));

        RawHttp.Response r = call(client, false);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode answer = ErrorBodies.parse(r.body(), r);
        String stop = switch (client) {
            case OPENAI_CHAT -> answer.at("/choices/0/finish_reason").asText();
            case OPENAI_RESPONSES -> answer.at("/incomplete_details/reason").asText();
            case ANTHROPIC -> answer.at("/stop_reason").asText();
            case GEMINI -> answer.at("/candidates/0/finishReason").asText();
        };
        assertThat(stop).isEqualTo(switch (client) {
            case OPENAI_CHAT -> "length";
            case OPENAI_RESPONSES -> "max_output_tokens";
            case ANTHROPIC -> "max_tokens";
            case GEMINI -> "MAX_TOKENS";
        });
    }

    /** 512 uncached input tokens, 1536 read from the cache, 300 output tokens (256 of them reasoning). */
    private static final Usage DOCUMENTED_USAGE = new Usage(2048, 300, 1536, 0, 256);

    /** gpt-5-codex in the shipped price table: $1.25 input, $0.125 cached input, $10 output, per million tokens. */
    private static final String DOCUMENTED_COST = "0.003832";

    @ParameterizedTest(name = "{0} client, stream={1}")
    @MethodSource("usageCases")
    void cachedAndReasoningTokensReachTheUsageRecordAndItsCost(StreamClients client, boolean stream)
            throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(stream ? sse("stream-usage.sse")
                : json(200, "response-usage.json")));

        RawHttp.Response r = call(client, stream);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        UsageRecord record = nextUsage();
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(record.servedBy().upstreamModel()).isEqualTo(UPSTREAM_MODEL);
        assertThat(record.usage()).isEqualTo(DOCUMENTED_USAGE);
        assertThat(record.cost()).isEqualByComparingTo(DOCUMENTED_COST);
    }

    static Stream<Arguments> usageCases() {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            for (boolean stream : new boolean[] {false, true}) {
                cases.add(Arguments.of(client, stream));
            }
        }
        return cases.stream();
    }

    /**
     * A conversation the gateway keeps (its first turn was served by a Chat upstream) continues on the Responses
     * upstream: the gateway puts the earlier turns back and sends them whole, since the upstream does not know the id.
     */
    @org.junit.jupiter.api.Test
    void aConversationTheGatewayKeptContinuesOnTheResponsesUpstreamSentWhole() {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(resource("/matrix/openai/text.json"))));
        upstream.stubFor(post(urlEqualTo(PATH)).willReturn(json(200, "response-usage.json")));
        OpenAIClient client = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);
        com.openai.models.responses.Response first;
        com.openai.models.responses.Response second;
        try {
            first = client.responses().create(ResponseCreateParams.builder().model(CHAT_MODEL)
                    .input("What is the weather in Paris?").build());
            second = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                    .previousResponseId(first.id()).input("And tomorrow?").build());
        } finally {
            client.close();
        }

        assertThat(second.previousResponseId()).contains(first.id());
        assertThat(second.id()).isNotEqualTo("resp_68c2a7e1f0e48190b1a2c3d4e5f60789")
                .as("an id the gateway keeps, since it answered a conversation it keeps").startsWith("resp_");
        String sent = upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(PATH))).getFirst().getBodyAsString();
        assertThat(sent).contains("What is the weather in Paris?", "The weather in Paris is sunny.", "And tomorrow?")
                .contains("\"model\":\"" + UPSTREAM_MODEL + "\"").doesNotContain("previous_response_id")
                .doesNotContain(first.id());
    }

    /** Anthropic's and Gemini's token counts are the upstream's own count, not an estimate. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenCounts")
    void aTokenCountIsTheResponsesUpstreamsOwn(String path, String body, String countField) throws Exception {
        upstream.stubFor(post(urlEqualTo(PATH + "/input_tokens")).willReturn(json(200, "input-tokens.json")));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + path, body, "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(ErrorBodies.parse(r.body(), r).at(countField).asLong()).isEqualTo(11);
        String sent = upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo(PATH + "/input_tokens"))).getFirst().getBodyAsString();
        assertThat(sent).contains("\"model\":\"" + UPSTREAM_MODEL + "\"", "Hello").doesNotContain("\"store\"");
    }

    /** The token-count endpoint of each client format that has one, a body for "Hello", and where the count is. */
    static Stream<Arguments> tokenCounts() {
        return Stream.of(
                Arguments.of("/v1/messages/count_tokens",
                        "{\"model\":\"codex\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
                        "/input_tokens"),
                Arguments.of("/v1beta/models/codex:countTokens",
                        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}", "/totalTokens"));
    }

    private static UsageRecord nextUsage() throws InterruptedException {
        UsageRecord record = USAGE.poll(10, TimeUnit.SECONDS);
        assertThat(record).as("a usage record within 10 s").isNotNull();
        return record;
    }

    private static RawHttp.Response call(StreamClients client, boolean stream) throws Exception {
        return RawHttp.post(server.baseUrl() + client.path(MODEL, stream), client.body(MODEL, stream),
                "Authorization", "Bearer " + CLIENT_KEY);
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(fixture(file));
    }

    private static ResponseDefinitionBuilder sse(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(fixture(file));
    }

    private static String fixture(String file) {
        return resource("/responses-upstream/" + file);
    }

    private static String resource(String path) {
        try (InputStream in = ResponsesUpstreamEndToEndTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
