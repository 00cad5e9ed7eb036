package dev.aiproxy.examples.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The third-party provider is found by ServiceLoader and configured from YAML like a built-in one. */
class SignedOpenAiProviderTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private GatewayConfig config(String keyId) {
        String yaml = """
                providers:
                  - name: inhouse
                    type: signed-openai
                    base-url: %s/v1
                    api-key-entries:
                      - api-key: ${SIGNING_SECRET}
                    models:
                      - name: inhouse-large-2
                        alias: inhouse-large
                    options:
                      key-id: %s
                """.formatted(upstream.baseUrl(), keyId);
        return ConfigLoader.withEnvironment(Map.of("SIGNING_SECRET", "s3cret"))
                .parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null).config();
    }

    @Test
    void servesItsModelsThroughTheGatewayWithASignedRequest() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));

        try (Gateway gateway = Gateway.create(config("team-a"))) {
            ChatResponse answer = gateway.chat(ChatRequest.builder().model("inhouse-large").user("Hi").build());

            assertThat(gateway.models()).extracting(ModelInfo::id).contains("inhouse-large");
            assertThat(answer.text()).isEqualTo("Hello! How can I assist you today?");
        }
        LoggedRequest sent = upstream.getAllServeEvents().getFirst().getRequest();
        assertThat(sent.getHeader("X-Signature")).isEqualTo(SignedOpenAiProvider.sign("s3cret", sent.getBody()));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Key-Id", equalTo("team-a"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void rejectsAnEntryWithoutItsRequiredOption() {
        assertThatThrownBy(() -> Gateway.create(config("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'inhouse': options.key-id: required");
    }
}
