package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.GatewayServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official SDK against Amazon Bedrock, through InvokeModel (Claude) and Converse (Nova), streamed and not, for
 * a plain answer and a tool-call round trip: 4 x 2 x 2 x 2 = 32 cases, with the same assertions as
 * {@link TranslationMatrixTest}, and on every upstream call its SigV4 signature and Bedrock's body.
 */
class BedrockMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        gateway = Gateway.create(GatewayConfig.builder().port(0).addClientKey(TranslationMatrixTest.CLIENT_KEY)
                .addProvider(BedrockUpstream.provider(upstream.baseUrl())).build());
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    @BeforeEach
    void stubUpstream() {
        for (BedrockUpstream u : BedrockUpstream.values()) {
            u.stub(upstream);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (TranslationMatrixTest.ClientKind client : TranslationMatrixTest.ClientKind.values()) {
            for (BedrockUpstream up : BedrockUpstream.values()) {
                for (boolean stream : new boolean[] {false, true}) {
                    cases.add(Arguments.of(client, up, stream));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, Bedrock {1}, stream={2}: plain text")
    @MethodSource("cases")
    void plainText(TranslationMatrixTest.ClientKind kind, BedrockUpstream up, boolean stream) throws Exception {
        MatrixClient.Parsed parsed;
        try (MatrixClient client = kind.factory.apply(server.baseUrl(), TranslationMatrixTest.CLIENT_KEY)) {
            parsed = client.text(up.clientModel(), stream);
        }

        MatrixAnswers.assertPlainText(kind, parsed);
        List<LoggedRequest> sent = upstream.findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
        assertThat(sent).hasSize(1);
        assertBedrockCall(up, sent.getFirst(), stream);
    }

    @ParameterizedTest(name = "{0} client, Bedrock {1}, stream={2}: tool call round trip")
    @MethodSource("cases")
    void toolCallRoundTrip(TranslationMatrixTest.ClientKind kind, BedrockUpstream up, boolean stream)
            throws Exception {
        MatrixClient.ToolRoundTrip trip;
        try (MatrixClient client = kind.factory.apply(server.baseUrl(), TranslationMatrixTest.CLIENT_KEY)) {
            trip = client.toolRoundTrip(up.clientModel(), stream);
        }

        MatrixAnswers.assertToolRoundTrip(kind, trip);
        List<LoggedRequest> sent = upstream.findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
        assertThat(sent).hasSize(2);
        for (LoggedRequest request : sent) {
            assertBedrockCall(up, request, stream);
        }
        assertThat(sent.get(1).getBodyAsString()).contains(up.toolResultReference).contains(MatrixClient.TOOL_OUTPUT);
    }

    private static void assertBedrockCall(BedrockUpstream up, LoggedRequest request, boolean stream)
            throws Exception {
        assertThat(request.getUrl()).isEqualTo(up.path(stream));
        assertThat(request.getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + BedrockUpstream.ACCESS_KEY_ID + "/")
                .contains("/" + BedrockUpstream.REGION + "/bedrock/aws4_request, ")
                .contains("SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date"
                        + (up == BedrockUpstream.CLAUDE && stream ? ";x-amzn-bedrock-accept, " : ", "))
                .doesNotContain(BedrockUpstream.SECRET_ACCESS_KEY);
        assertThat(request.getHeader("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
        // InvokeModelWithResponseStream takes the chunks' type in X-Amzn-Bedrock-Accept, its Accept is the stream's
        assertThat(request.getHeader("Accept")).isEqualTo(stream ? "application/vnd.amazon.eventstream"
                : "application/json");
        if (up == BedrockUpstream.CLAUDE && stream) {
            assertThat(request.getHeader("X-Amzn-Bedrock-Accept")).isEqualTo("application/json");
        }
        var body = JSON.readTree(request.getBodyAsString());
        assertThat(body.has("model")).as("the model is in the URL").isFalse();
        assertThat(body.has("stream")).as("streaming is in the path").isFalse();
        if (up == BedrockUpstream.CLAUDE) {
            assertThat(body.path("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
            assertThat(body.path("max_tokens").isNumber()).isTrue();
        } else {
            assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        }
        request.getHeaders().all().forEach(h -> assertThat(h.values()).as(h.key())
                .noneMatch(v -> v.contains(TranslationMatrixTest.CLIENT_KEY)));
        assertThat(request.getBodyAsString()).doesNotContain(TranslationMatrixTest.CLIENT_KEY);
    }
}
