package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.server.GatewayServer;
import dev.aiproxy.translate.testing.Fixtures;
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
 * A conversation that moves between providers (docs/translation.md, "Signatures"): thinking made by upstream X, shown
 * to an official SDK, sent back by it in the next turn to upstream Y. Every SDK that can send thinking back, every X
 * that signs it, every Y, passthrough pairs included: 3 x 2 x 7 = 42 cases. The signature reaches Y exactly when Y
 * speaks X's format, as X made it; no other upstream ever sees it, nor the gateway's {@code gw1.} wrapper.
 */
class SignatureMatrixTest {
    private static final String CLIENT_KEY = "gw-signature-client-key-42";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    /** An SDK that can send thinking back. */
    enum Sdk {
        ANTHROPIC(AnthropicMatrixClient::new),
        GEMINI(GeminiMatrixClient::new),
        OPENAI_RESPONSES(OpenAiResponsesMatrixClient::new);

        final BiFunction<String, String, ThinkingConversation> factory;

        Sdk(BiFunction<String, String, ThinkingConversation> factory) {
            this.factory = factory;
        }
    }

    /** An upstream that signs its thinking, with the fixture of its thinking answer and the signatures in it. */
    enum Thinker {
        ANTHROPIC(MatrixUpstream.ANTHROPIC, "/v1/messages", "anthropic/message-thinking.json",
                List.of("WaUjzkypQ2mUEVM36O2TxuC06KN8", "EmwKAhgBEgy3va3pzix")),
        GEMINI(MatrixUpstream.GEMINI, "/v1beta/models/gemini-2.5-flash:generateContent",
                "gemini/generate-content-thinking.json", List.of("EpYCCpMCAXLI2nzK8pL1mJv0Qw3z9Yw0rT4f"));

        final MatrixUpstream upstream;
        final String path;
        final String fixture;
        /** What its thinking carries that only it can read: signatures, redacted thinking. */
        final List<String> signed;

        Thinker(MatrixUpstream upstream, String path, String fixture, List<String> signed) {
            this.upstream = upstream;
            this.path = path;
            this.fixture = fixture;
            this.signed = signed;
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
        for (Thinker thinker : Thinker.values()) {
            // the first turn, and only it, is answered with thinking
            upstream.stubFor(post(urlPathEqualTo(thinker.path)).atPriority(0)
                    .withRequestBody(containing("Occam"))
                    .withRequestBody(not(containing("everyday example")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(Fixtures.bytes(thinker.fixture))));
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Sdk sdk : Sdk.values()) {
            for (Thinker x : Thinker.values()) {
                for (MatrixUpstream y : MatrixUpstream.values()) {
                    cases.add(Arguments.of(sdk, x, y));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, thinking by {1}, continued on {2}")
    @MethodSource("cases")
    void aSignatureReachesOnlyTheFormatThatMadeIt(Sdk sdk, Thinker x, MatrixUpstream y) {
        String answer;
        try (ThinkingConversation client = sdk.factory.apply(server.baseUrl(), CLIENT_KEY)) {
            answer = client.continueAfterThinking(x.upstream.clientModel(), y.clientModel());
        }
        assertThat(answer).as("the second turn was answered").isNotBlank();

        List<LoggedRequest> second = upstream.findAll(postRequestedFor(urlPathMatching(".*"))
                .withRequestBody(containing("everyday example")));
        assertThat(second).hasSize(1);
        String sent = second.getFirst().getBodyAsString();
        assertThat(sent).as("the gateway's wrapper never goes upstream").doesNotContain("gw1.");
        for (String signed : x.signed) {
            // a signature belongs to the format that made it, so it also reaches the same models on a cloud: Claude's
            // "are compatible across platforms (Claude APIs, Amazon Bedrock, and Vertex AI)"
            // (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking, "Thinking encryption")
            if (y.format() == x.upstream.format()) {
                assertThat(sent).as("%s's own signature goes back to its format unchanged", x).contains(signed);
            } else {
                assertThat(sent).as("%s's signature never reaches %s", x, y).doesNotContain(signed);
            }
        }
    }
}
