package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client header that a config entry copies upstream ({@code X-Session: "$X-Session-Id"}) must be a valid header
 * value: one with a control character (NUL, ...) is refused with 400 in the client's format before anything goes
 * upstream, rather than failing the upstream call with a 500.
 */
class CopiedHeaderValuesTest {
    private static final String CHAT_BODY = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES_BODY = "{\"model\":\"gpt\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;

    @BeforeEach
    void start() {
        answer(upstream, "/v1/chat/completions", json(200, Fixtures.bytes("openai/chat-completion.json")));
        gateway = Gateway.create(GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("up", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-upstream-copied").model("gpt-4o-mini", "gpt")
                        .headers(Map.of("X-Session", "$X-Session-Id")).build())
                .build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        server.close();
        gateway.close();
    }

    private RawHttp.Response post(String path, String body, String sessionId) throws Exception {
        return SocketHttp.exchange(server.port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\nX-Session-Id: " + sessionId,
                body);
    }

    @Test
    void aNulByteInACopiedHeaderIs400InTheClientsFormatAndNothingGoesUpstream() throws Exception {
        RawHttp.Response openAi = post("/v1/chat/completions", CHAT_BODY, "abc\0def");
        RawHttp.Response anthropic = post("/v1/messages", MESSAGES_BODY, "abc\0def");

        assertThat(openAi.status()).isEqualTo(400);
        JsonNode error = ErrorBodies.openAi(openAi);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isEqualTo("the value of header X-Session-Id holds a control "
                + "character (U+0000 at index 3), which HTTP does not allow in a header value");
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(ErrorBodies.anthropic(anthropic).get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void otherControlCharactersAreRefusedToo() throws Exception {
        for (String value : new String[] {"a\u0001b", "a\u001fb", "a\u007fb"}) {
            assertThat(post("/v1/chat/completions", CHAT_BODY, value).status()).as(value).isEqualTo(400);
        }
        assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aValidValueWithSpacesAndLatin1IsCopied() throws Exception {
        RawHttp.Response r = post("/v1/chat/completions", CHAT_BODY, "a b-caf\u00e9");

        assertThat(r.status()).isEqualTo(200);
        upstream.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("X-Session", equalTo("a b-caf\u00e9")));
    }

    @Test
    void aControlCharacterInAHeaderNoEntryCopiesIsLeftAlone() throws Exception {
        RawHttp.Response r = SocketHttp.exchange(server.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: "
                + "127.0.0.1\r\nContent-Type: application/json\r\nX-Other: a\0b", CHAT_BODY);

        assertThat(r.status()).isEqualTo(200);
    }
}
