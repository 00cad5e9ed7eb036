package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.BedrockFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Amazon Bedrock's failures as every client sees them, with a {@code type: bedrock} entry from a config file: its
 * HTTP errors (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html and
 * API_runtime_InvokeModel.html, "Errors": a {@code {"message"}} body, the exception in {@code x-amzn-ErrorType}) in
 * each client's format with the right status, and a stream that fails (an exception frame) or is cut inside a frame,
 * which never reads as a complete answer.
 */
class BedrockEndToEndTest {
    private static final String CLIENT_KEY = "gw-bedrock-client-key-0123";
    private static final String CLAUDE_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String NOVA_ID = "amazon.nova-pro-v1:0";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    /** The two APIs, by the alias clients use and the path Bedrock serves. */
    enum Api {
        CLAUDE("claude", CLAUDE_ID, "invoke", "invoke-with-response-stream"),
        CONVERSE("nova", NOVA_ID, "converse", "converse-stream");

        final String model;
        final String modelId;
        final String action;
        final String streamAction;

        Api(String model, String modelId, String action, String streamAction) {
            this.model = model;
            this.modelId = modelId;
            this.action = action;
            this.streamAction = streamAction;
        }

        String path(boolean stream) {
            return "/model/" + modelId.replace(":", "%3A") + "/" + (stream ? streamAction : action);
        }

        /** A stream that has said "Hello" and is still going. */
        BedrockFrames beginning() {
            return this == CLAUDE ? new BedrockFrames()
                    .chunks(("data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_01\",\"type\":\"message\","
                            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
                            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,"
                            + "\"output_tokens\":1}}}\n\n"
                            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
                            + "\"text\":\"\"}}\n\n"
                            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                            + "\"text\":\"Hello\"}}\n\n").getBytes(StandardCharsets.UTF_8))
                    : new BedrockFrames().event("messageStart", "{\"role\":\"assistant\"}")
                            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}");
        }
    }

    /** A Bedrock exception: its status and the status each client gets. */
    enum Failure {
        THROTTLING(429, "ThrottlingException", "Too many requests, please wait before trying again.", 429),
        VALIDATION(400, "ValidationException", "The provided request is not valid", 400),
        NOT_READY(429, "ModelNotReadyException", "The model is not ready to serve inference requests.", 429),
        UNAVAILABLE(503, "ServiceUnavailableException", "Bedrock is unable to process your request.", 503),
        NOT_FOUND(404, "ResourceNotFoundException", "The specified resource ARN was not found.", 404),
        // the gateway's AWS keys were refused, not the client's key
        ACCESS_DENIED(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.",
                502);

        final int status;
        final String exception;
        final String message;
        final int clientStatus;

        Failure(int status, String exception, String message, int clientStatus) {
            this.status = status;
            this.exception = exception;
            this.message = message;
            this.clientStatus = clientStatus;
        }
    }

    @BeforeAll
    static void start() {
        String yaml = """
                port: 0
                api-keys: [%s]
                request-retry: 0
                disable-cooling: true
                providers:
                  - name: bedrock
                    type: bedrock
                    base-url: %s
                    options: {region: us-west-2}
                    api-key-entries:
                      - api-key: AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                    models:
                      - name: %s
                        alias: claude
                      - name: %s
                        alias: nova
                payload:
                  default-raw:
                    - models: [{name: "amazon.nova-*", protocol: converse}]
                      params:
                        additionalModelRequestFields: '{"inferenceConfig":{"topK":20}}'
                """.formatted(CLIENT_KEY, upstream.baseUrl(), CLAUDE_ID, NOVA_ID);
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of())
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    @BeforeEach
    void reset() {
        upstream.resetAll();
    }

    private static void answer(Api api, boolean stream, ResponseDefinitionBuilder response) {
        upstream.stubFor(post(urlPathEqualTo(api.path(stream))).willReturn(response));
    }

    static Stream<Arguments> errors() {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            for (Api api : Api.values()) {
                for (Failure failure : Failure.values()) {
                    cases.add(Arguments.of(client, api, failure));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> streams() {
        return Arrays.stream(StreamClients.values())
                .flatMap(client -> Arrays.stream(Api.values()).map(api -> Arguments.of(client, api)));
    }

    @Test
    void aConversePayloadRuleAddsModelSpecificFieldsToTheConverseBody() throws Exception {
        answer(Api.CONVERSE, false, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi!\"}]}},"
                        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,\"outputTokens\":2,"
                        + "\"totalTokens\":5}}"));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                StreamClients.OPENAI_CHAT.body(Api.CONVERSE.model, false), "Authorization", "Bearer " + CLIENT_KEY,
                "Content-Type", "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"content\":\"Hi!\"");
        JsonNode sent = new ObjectMapper().readTree(upstream.getAllServeEvents()
                .getFirst().getRequest().getBodyAsString());
        assertThat(sent.path("additionalModelRequestFields").path("inferenceConfig").path("topK").asInt())
                .isEqualTo(20);
    }

    @ParameterizedTest(name = "{0} client, Bedrock {1}: {2}")
    @MethodSource("errors")
    void bedrocksErrorReachesTheClientInItsFormatWithTheRightStatus(StreamClients client, Api api, Failure failure)
            throws Exception {
        answer(api, false, aResponse().withStatus(failure.status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", failure.exception + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withHeader("x-amzn-RequestId", "3f1b7c9e-0d2a-4e8f-9b61-5a2c7d4e8f10")
                .withBody("{\"message\":\"" + failure.message + "\"}"));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(api.model, false),
                client.body(api.model, false), "Authorization", "Bearer " + CLIENT_KEY, "Content-Type",
                "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(failure.clientStatus);
        JsonNode error = switch (client) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> ErrorBodies.openAi(r);
            case ANTHROPIC -> ErrorBodies.anthropic(r);
            case GEMINI -> ErrorBodies.gemini(r);
        };
        assertThat(error.get("message").asText()).contains(failure.message).contains(failure.exception);
        if (client == StreamClients.ANTHROPIC && failure == Failure.THROTTLING) {
            assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        }
    }

    @ParameterizedTest(name = "{0} client, Bedrock {1}")
    @MethodSource("streams")
    void anExceptionFrameMidStreamIsRaisedByTheSdkAfterTheTextBeforeIt(StreamClients client, Api api) {
        answer(api, true, aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(api.beginning().exception("modelStreamErrorException",
                        "The model failed to generate the rest of the answer").bytes()));
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, api.model, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining("The model failed to generate the rest of the answer");
    }

    @ParameterizedTest(name = "{0} client, Bedrock {1}")
    @MethodSource("streams")
    void aStreamCutInsideAFrameIsAnErrorNotAFinishedAnswer(StreamClients client, Api api) throws Exception {
        byte[] whole = api.beginning().event("contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" there, this frame never ends\"}}").bytes();
        answer(api, true, aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(Arrays.copyOf(whole, whole.length - 20)));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(api.model, true), client.body(api.model, true),
                "Authorization", "Bearer " + CLIENT_KEY, "Content-Type", "application/json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Hello");
        JsonNode error = client.lastErrorEvent(r.body());
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
