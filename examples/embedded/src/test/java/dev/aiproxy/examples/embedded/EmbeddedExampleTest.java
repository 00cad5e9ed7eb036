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
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedExampleTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static String run(Gateway gateway, String model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmbeddedExample.run(gateway, model, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsAllThreeCallStylesAgainstAnOpenAiUpstream() {
        upstream.stubFor(post("/v1/chat/completions")
                .withRequestBody(matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/chat/completions")
                .withRequestBody(matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(Fixtures.bytes("openai/chat-completion-stream.sse"))));
        GatewayConfig config = GatewayConfig.builder()
                .addProvider(ProviderConfig.builder("openai", "openai-compatible")
                        .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-test").model("gpt-4o-mini").build())
                .build();

        String output;
        try (Gateway gateway = Gateway.create(config)) {
            output = run(gateway, "gpt-4o-mini");
        }

        assertThat(output).contains("chat:     Hello! How can I assist you today?  [29 tokens]")
                .contains("pulled:   Hello! How can I help?")
                .contains("Hello! How can I help?\nlistened: stop reason END_TURN");
    }

    @Test
    void theTeamPolicyAddsItsHeaderToEveryUpstreamCallAndVetoesRefusedModels() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));
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
    void runsOfflineWithTheEchoModel() {
        String output;
        try (Gateway gateway = Gateway.create(EmbeddedExample.fromEnvironment())) {
            output = run(gateway, "echo");
        }

        assertThat(output).contains("chat:     Why is the sky blue?").contains("pulled:   Why is the sky blue?");
    }
}
