package dev.aiproxy.examples.embedded;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedExampleTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    /** What the example prints, for a gateway as its main opens one (usage printed, the team policy on). */
    private static String run(GatewayConfig config, String model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Gateway gateway = EmbeddedExample.open(config, out)) {
            EmbeddedExample.run(gateway, model, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A provider-documented payload from src/test/resources (copied from gateway-translate's fixtures). */
    private static byte[] fixture(String path) {
        try (InputStream in = EmbeddedExampleTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void runsEveryCallStyleAgainstAnOpenAiUpstream() {
        upstream.stubFor(post("/v1/chat/completions")
                .withRequestBody(matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(fixture("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/chat/completions")
                .withRequestBody(matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(fixture("openai/chat-completion-stream.sse"))));
        GatewayConfig config = GatewayConfig.builder()
                .addProvider(ProviderConfig.builder("openai", "openai-compatible")
                        .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-test").model("gpt-4o-mini").model("o1-mini")
                        .build())
                .addClient(new ClientConfig("team-a", null, List.of("gpt-*"), null, null, null, 0, 0))
                .build();

        String output = run(config, "gpt-4o-mini");

        assertThat(output).contains("chat:      Hello! How can I assist you today?  [29 tokens]")
                .contains("pulled:    Hello! How can I help?\n")
                .contains("listened:  Hello! How can I help?  [stop reason END_TURN]\n")
                .contains("published: Hello! How can I help?\n")
                .contains("team-a:    Hello! How can I assist you today?\n")
                .contains("vetoed:    HTTP 403: team 'payments' may not use 'o1-mini'");
    }

    @Test
    void theTeamPolicyAddsItsHeaderToEveryUpstreamCallAndVetoesRefusedModels() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("openai/chat-completion.json"))));
        GatewayConfig config = GatewayConfig.builder()
                .addProvider(ProviderConfig.builder("openai", "openai-compatible")
                        .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-test").model("gpt-4o-mini").model("o1-mini")
                        .build())
                .build();
        try (Gateway gateway = Gateway.builder(config).interceptor(new TeamPolicy("payments", List.of("o1"))).build()) {
            assertThat(gateway.chat(ChatRequest.builder().model("gpt-4o-mini").user("hi").build()).text())
                    .isEqualTo("Hello! How can I assist you today?");
            assertThatThrownBy(() -> gateway.chat(ChatRequest.builder().model("o1-mini").user("hi").build()))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("team 'payments' may not use 'o1-mini'");
        }
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Team", equalTo("payments")));
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("o1-mini"))));
    }

    @Test
    void runsOfflineOnTheEchoModelShowingEveryCallStyleItsUsageAndCost() {
        String output = run(EmbeddedExample.offlineConfig(), "echo");

        assertThat(output).contains("chat:      Why is the sky blue?  [")
                .contains("pulled:    Why is the sky blue?\n")
                .contains("listened:  Why is the sky blue?  [stop reason END_TURN]\n")
                .contains("published: Why is the sky blue?\n")
                .contains("team-a:    Why is the sky blue?\n")
                .contains("vetoed:    HTTP 403: team 'payments' may not use 'o1-mini'");
        // echo reports the gateway's estimate (as count_tokens gives it): 4 tokens a message, two of them, and four
        // characters a token, 49 of system prompt and question in, 20 of answer out; the example's price is $0.50 in
        // and $1.50 out per million tokens: 21 x 0.50 + 5 x 1.50 = 18 dollar-millionths
        assertThat(output.lines().filter(line -> line.startsWith("usage:     in-process used echo: ")))
                .hasSize(4)
                .allMatch(line -> line.endsWith(": 21 in + 5 out tokens, cost $0.000018000 (COMPLETED)"));
        assertThat(output).contains("usage:     team-a used echo: 21 in + 5 out tokens, cost $0.000018000 (COMPLETED)")
                .contains("usage:     in-process used o1-mini: no tokens, cost unknown (FAILED)");
    }

    @Test
    void withoutTheExamplesPriceTheEchoModelCostsNothing() {
        List<UsageRecord> records = new CopyOnWriteArrayList<>();
        GatewayConfig unpriced = EmbeddedExample.offlineConfig().toBuilder().prices(List.of()).build();

        try (Gateway gateway = Gateway.builder(unpriced).onUsage(records::add).build()) {
            gateway.chat(ChatRequest.builder().model("echo").user("hi").build());
        }

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.usage()).isNotNull();
            assertThat(record.cost()).isZero();
        });
    }

    @Test
    void aCallAsTheClientIsRefusedAModelTheClientMayNotUse() {
        try (Gateway gateway = Gateway.create(EmbeddedExample.offlineConfig())) {
            assertThatThrownBy(() -> gateway.asClient("team-a")
                    .chat(ChatRequest.builder().model("gpt-4o-mini").user("hi").build()))
                    .isInstanceOf(GatewayException.class);
        }
    }
}
