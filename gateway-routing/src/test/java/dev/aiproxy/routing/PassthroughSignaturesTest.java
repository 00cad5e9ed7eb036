package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signature rule on passthrough (docs/translation.md, "Signatures"): a thinking block that another format signed,
 * or that nobody signed, never reaches an upstream of the client's format as it is, while a block its own format
 * signed passes byte for byte.
 */
class PassthroughSignaturesTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway() {
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant-secret").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        ProviderConfig gemini = ProviderConfig.builder("gemini", "gemini").baseUrl(upstream.baseUrl())
                .apiKey("gemini-secret").model("gemini-2.5-flash").build();
        return Gateway.create(GatewayConfig.builder().echoModel(false).addProvider(claude).addProvider(gemini)
                .build());
    }

    private static String anthropicConversation(String signature) {
        return "{\"model\":\"claude-sonnet\",\"max_tokens\":100,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Adding two and two.\","
                + "\"signature\":" + signature + "},{\"type\":\"text\",\"text\":\"4\"}]},"
                + "{\"role\":\"user\",\"content\":\"And times three?\"}]}";
    }

    private String sentUpstream(ApiFormat format, String body) throws IOException {
        upstream.stubFor(post(urlPathMatching("/v1.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes(
                        format == ApiFormat.GEMINI ? "gemini/generate-content-text.json" : "anthropic/message.json"))));
        try (Gateway gateway = gateway()) {
            GatewayResponse response = gateway.handle(new RawRequest(format, body.getBytes(StandardCharsets.UTF_8),
                    format == ApiFormat.GEMINI ? "gemini-2.5-flash" : null, format == ApiFormat.GEMINI ? false : null));
            assertThat(response.status()).as(new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8))
                    .isEqualTo(200);
        }
        return upstream.getAllServeEvents().getFirst().getRequest().getBodyAsString();
    }

    @Test
    void anthropicsOwnSignatureIsPassedThroughByteForByte() throws IOException {
        String sent = sentUpstream(ApiFormat.ANTHROPIC_MESSAGES, anthropicConversation("\"EqQBCkYIBRgCKkBsig==\""));
        assertThat(sent).isEqualTo(anthropicConversation("\"EqQBCkYIBRgCKkBsig==\"")
                .replace("\"claude-sonnet\"", "\"claude-sonnet-4-5-20250929\""));
    }

    @Test
    void aThinkingBlockSignedByAnotherFormatIsDroppedOnPassthrough() throws IOException {
        String sent = sentUpstream(ApiFormat.ANTHROPIC_MESSAGES, anthropicConversation("\"gw1.gemini.CiQBsig\""));
        assertThat(sent).doesNotContain("gw1.").doesNotContain("CiQBsig").doesNotContain("Adding two and two")
                .contains("And times three?").contains("\"4\"");
    }

    @Test
    void aThinkingBlockNobodySignedIsDroppedOnPassthrough() throws IOException {
        String sent = sentUpstream(ApiFormat.ANTHROPIC_MESSAGES, anthropicConversation("\"\""));
        assertThat(sent).doesNotContain("\"signature\"").doesNotContain("Adding two and two")
                .contains("And times three?");
    }

    @Test
    void aGeminiThoughtSignatureAnotherFormatMadeIsDroppedOnPassthrough() throws IOException {
        String sent = sentUpstream(ApiFormat.GEMINI, "{\"contents\":["
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"What is 2+2?\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Adding two and two.\",\"thought\":true,"
                + "\"thoughtSignature\":\"gw1.anthropic-messages.EqQBsig\"},{\"text\":\"4\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"And times three?\"}]}]}");
        assertThat(sent).doesNotContain("gw1.").doesNotContain("EqQBsig").contains("And times three?");
    }
}
