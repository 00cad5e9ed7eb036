package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.server.GatewayServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official SDK against every upstream format, streamed and not, for a plain answer and a tool-call round
 * trip: 4 SDKs x 8 upstreams (OpenAI, Anthropic, Gemini, Azure's two schemes, Gemini and Claude on Vertex AI, OpenAI's
 * Responses API) x 2 x 2 = 128 cases. Each asserts what the SDK parsed and what the upstream received.
 */
class TranslationMatrixTest {
    static final String CLIENT_KEY = "gw-matrix-client-key-42";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    /** A client SDK, and how it spells the stop reasons of the two answers. */
    enum ClientKind {
        OPENAI_CHAT(OpenAiChatMatrixClient::new, "stop", "tool_calls"),
        OPENAI_RESPONSES(OpenAiResponsesMatrixClient::new, "completed", "completed"),
        ANTHROPIC(AnthropicMatrixClient::new, "end_turn", "tool_use"),
        GEMINI(GeminiMatrixClient::new, "STOP", "STOP");

        final BiFunction<String, String, MatrixClient> factory;
        final String textStop;
        final String toolStop;

        ClientKind(BiFunction<String, String, MatrixClient> factory, String textStop, String toolStop) {
            this.factory = factory;
            this.textStop = textStop;
            this.toolStop = toolStop;
        }
    }

    @BeforeAll
    static void start() {
        gateway = Gateway.create(MatrixUpstream.gatewayConfig(upstream.baseUrl(), CLIENT_KEY));
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    @BeforeEach
    void stubUpstreams() {
        for (MatrixUpstream u : MatrixUpstream.values()) {
            u.stub(upstream);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (ClientKind client : ClientKind.values()) {
            for (MatrixUpstream up : MatrixUpstream.values()) {
                for (boolean stream : new boolean[] {false, true}) {
                    cases.add(Arguments.of(client, up, stream));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, stream={2}: plain text")
    @MethodSource("cases")
    void plainText(ClientKind kind, MatrixUpstream up, boolean stream) {
        MatrixClient.Parsed parsed;
        try (MatrixClient client = kind.factory.apply(server.baseUrl(), CLIENT_KEY)) {
            parsed = client.text(up.clientModel(), stream);
        }

        MatrixAnswers.assertPlainText(kind, parsed);
        List<LoggedRequest> sent = modelCalls();
        assertThat(sent).hasSize(1);
        assertUpstreamCall(up, sent.getFirst(), stream);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, stream={2}: tool call round trip")
    @MethodSource("cases")
    void toolCallRoundTrip(ClientKind kind, MatrixUpstream up, boolean stream) throws Exception {
        MatrixClient.ToolRoundTrip trip;
        try (MatrixClient client = kind.factory.apply(server.baseUrl(), CLIENT_KEY)) {
            trip = client.toolRoundTrip(up.clientModel(), stream);
        }

        MatrixAnswers.assertToolRoundTrip(kind, trip);
        List<LoggedRequest> sent = modelCalls();
        assertThat(sent).hasSize(2);
        sent.forEach(request -> assertUpstreamCall(up, request, stream));
        String second = sent.get(1).getBodyAsString();
        assertThat(second).contains(up.toolResultReference()).contains(MatrixClient.TOOL_OUTPUT);
        if (up == MatrixUpstream.GEMINI || up == MatrixUpstream.VERTEX_GEMINI) {
            assertThat(second).as("Gemini's thought signature must come back on its function call")
                    .contains(MatrixUpstream.GEMINI_CALL_SIGNATURE);
        }
        if (up == MatrixUpstream.RESPONSES) {
            assertResponsesUpstreamKeptTheConversation(kind, second);
        }
    }

    /**
     * A Responses client passes through: its {@code previous_response_id}, the upstream's own id, reaches the upstream,
     * which keeps the conversation. Any other client sends the whole conversation every turn, which the gateway
     * writes out in full with {@code store: false}: the upstream need keep nothing.
     */
    private static void assertResponsesUpstreamKeptTheConversation(ClientKind kind, String second) {
        if (kind == ClientKind.OPENAI_RESPONSES) {
            assertThat(second).contains("\"previous_response_id\":\"" + MatrixUpstream.RESPONSES_TOOL_ANSWER_ID + "\"")
                    .doesNotContain("\"store\"");
        } else {
            assertThat(second).contains("\"store\":false").doesNotContain("previous_response_id")
                    .contains("\"type\":\"function_call\"").contains(MatrixClient.QUESTION);
        }
    }

    /** What the upstreams received, but a Vertex service account's token grants (one per gateway). */
    private static List<LoggedRequest> modelCalls() {
        return upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).stream()
                .filter(r -> !r.getUrl().startsWith("/oauth2/")).toList();
    }

    private static void assertUpstreamCall(MatrixUpstream up, LoggedRequest request, boolean stream) {
        assertThat(request.getUrl()).isEqualTo(up.path(stream));
        assertThat(request.getHeader(up.keyHeader())).isEqualTo(up.keyHeaderValue());
        assertThat(up.modelInBody(request)).as("upstream model %s in %s", up.upstreamModel, request.getBodyAsString())
                .isTrue();
        request.getHeaders().all().forEach(h -> assertThat(h.values()).as(h.key())
                .noneMatch(v -> v.contains(CLIENT_KEY)));
        assertThat(request.getBodyAsString()).doesNotContain(CLIENT_KEY);
    }
}
