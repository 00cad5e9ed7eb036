package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.LogCapture;
import dev.aiproxy.translate.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Debug mode logs whole bodies, both sides, and never a key. */
class DebugModeTest {
    static final String CLIENT_KEY = "sk-debug-client-0123456789";
    static final String UPSTREAM_KEY = "sk-debug-upstream-0123456789";
    static final String CLAUDE_KEY = "sk-ant-debug-upstream-0123456789";
    static final String SECRET = "manage-debug-secret-0123456789";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static GatewayConfig config(boolean debug) {
        return GatewayConfig.builder().port(0).debug(debug).addClientKey(CLIENT_KEY).managementSecret(SECRET)
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey(UPSTREAM_KEY).model("gpt-4o").build())
                .addProvider(ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                        .apiKey(CLAUDE_KEY).model("claude-sonnet-4-5-20250929", "sonnet").build())
                .build();
    }

    private static void stubUpstreams() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.bytes("anthropic/stream-text.sse"))));
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the secret word?\"}]}";
    }

    @Test
    void logsEveryBodyOfEveryRequestWithTheKeysMasked() throws Exception {
        stubUpstreams();
        String log;
        try (LogCapture logs = new LogCapture(); Gateway gateway = Gateway.create(config(true));
                GatewayServer server = GatewayServer.start(gateway)) {
            String url = server.baseUrl() + "/v1/chat/completions";
            assertThat(RawHttp.post(url, chat("gpt-4o", false), "Authorization", "Bearer " + CLIENT_KEY).status())
                    .isEqualTo(200);
            assertThat(RawHttp.post(url, chat("sonnet", true), "Authorization", "Bearer " + CLIENT_KEY).status())
                    .isEqualTo(200);
            assertThat(RawHttp.post(url, chat("gpt-4o", false), "Authorization", "Bearer wrong").status())
                    .isEqualTo(401);
            log = logs.text();
        }

        assertThat(log).contains("[debug").contains("What is the secret word?")
                .contains("Hello! How can I assist you today?").contains("chat.completion.chunk")
                .contains("to openai#0").contains("to claude#0");
        assertThat(log).doesNotContain(CLIENT_KEY).doesNotContain(UPSTREAM_KEY).doesNotContain(CLAUDE_KEY)
                .doesNotContain(SECRET);
    }

    @Test
    void logsOneRequestForTheHolderOfTheManagementSecret() throws Exception {
        stubUpstreams();
        String log;
        int wrongSecret;
        try (LogCapture logs = new LogCapture(); Gateway gateway = Gateway.create(config(false));
                GatewayServer server = GatewayServer.start(gateway)) {
            String url = server.baseUrl() + "/v1/chat/completions";
            RawHttp.post(url, chat("gpt-4o", false).replace("secret word", "plain word"), "Authorization",
                    "Bearer " + CLIENT_KEY);
            RawHttp.post(url, chat("gpt-4o", false), "Authorization", "Bearer " + CLIENT_KEY, "X-Gateway-Debug", SECRET);
            wrongSecret = RawHttp.post(url, chat("gpt-4o", false), "Authorization", "Bearer " + CLIENT_KEY,
                    "X-Gateway-Debug", "guess").status();
            log = logs.text();
        }

        assertThat(wrongSecret).isEqualTo(403);
        assertThat(log).contains("What is the secret word?").doesNotContain("plain word").doesNotContain(SECRET)
                .doesNotContain(UPSTREAM_KEY);
    }
}
