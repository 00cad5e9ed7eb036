package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE_UPSTREAM;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_GENERATE;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_STREAM;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Anthropic client on a {@code claude} upstream and a Gemini client on a {@code gemini} upstream go through the
 * running server byte for byte: the upstream gets the client's exact body (only the model value changed, or for
 * Gemini the model in the URL), and the client gets the upstream's exact answer, JSON or SSE.
 */
class PassthroughEndToEndTest {
    /**
     * Odd spacing, field order, escapes, raw UTF-8, a trailing-zero number and fields no codec knows: anything a
     * re-encoding would change.
     */
    private static final String ANTHROPIC_BODY = "{ \"max_tokens\" : 1024,\n\t\"messages\":[{\"role\":\"user\","
            + "\"content\":\"H\u00e9llo \\u00e9 \\ud83d\\ude00 \\\"quoted\\\"\"}],  "
            + "\"metadata\": {\"user_id\": \"u-1\"}, \"anthropic_future_field\": {\"x\":[1, 2.50, null, 1e3]},"
            + " \"model\" : \"claude\" %s}";
    private static final String GEMINI_BODY = "{\"contents\": [ {\"role\":\"user\",\"parts\":[{\"text\":\"H\u00e9llo"
            + " \\u00e9\"}]} ],\n \"generationConfig\": {\"temperature\": 0.70, \"thinkingConfig\": "
            + "{\"thinkingBudget\": 0}}, \"safetySettings\": [], \"futureField\": {\"deep\": [true, false]} }";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;
    private GatewayServer server;

    @BeforeEach
    void start() {
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        server.close();
        gateway.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LoggedRequest onlyUpstreamCall() {
        List<LoggedRequest> sent = upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        assertThat(sent).hasSize(1);
        return sent.getFirst();
    }

    @Test
    void anAnthropicMessageGoesBothWaysByteForByte() throws Exception {
        byte[] answer = Fixtures.bytes("anthropic/message-thinking.json");
        answer(upstream, MESSAGES, json(200, answer));
        String body = ANTHROPIC_BODY.formatted("");

        RawHttp.Response r = RawHttp.post(server.baseUrl() + MESSAGES, utf8(body), "x-api-key", CLIENT_KEY,
                "anthropic-version", "2023-06-01");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bytes()).isEqualTo(answer);
        assertThat(onlyUpstreamCall().getBody())
                .isEqualTo(utf8(body.replace("\"model\" : \"claude\"", "\"model\" : \"" + CLAUDE_UPSTREAM + "\"")));
    }

    @Test
    void anAnthropicStreamGoesBothWaysByteForByte() throws Exception {
        byte[] answer = Fixtures.bytes("anthropic/stream-thinking.sse");
        answer(upstream, MESSAGES, sse(answer));
        String body = ANTHROPIC_BODY.formatted(", \"stream\" : true");

        RawHttp.Response r = RawHttp.post(server.baseUrl() + MESSAGES, utf8(body), "x-api-key", CLIENT_KEY,
                "anthropic-version", "2023-06-01");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(r.bytes()).isEqualTo(answer);
        assertThat(onlyUpstreamCall().getBody())
                .isEqualTo(utf8(body.replace("\"model\" : \"claude\"", "\"model\" : \"" + CLAUDE_UPSTREAM + "\"")));
    }

    @Test
    void aGeminiGenerationGoesBothWaysByteForByte() throws Exception {
        byte[] answer = Fixtures.bytes("gemini/generate-content-thinking.json");
        answer(upstream, GEMINI_GENERATE, json(200, answer));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1beta/models/gemini:generateContent",
                utf8(GEMINI_BODY), "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bytes()).isEqualTo(answer);
        LoggedRequest sent = onlyUpstreamCall();
        assertThat(sent.getUrl()).isEqualTo(GEMINI_GENERATE);
        assertThat(sent.getBody()).isEqualTo(utf8(GEMINI_BODY));
    }

    @Test
    void aGeminiStreamGoesBothWaysByteForByte() throws Exception {
        byte[] answer = Fixtures.bytes("gemini/stream-function-call.sse");
        answer(upstream, GEMINI_STREAM, sse(answer));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1/models/gemini:streamGenerateContent?alt=sse",
                utf8(GEMINI_BODY), "x-goog-api-key", CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(r.bytes()).isEqualTo(answer);
        LoggedRequest sent = onlyUpstreamCall();
        assertThat(sent.getUrl()).isEqualTo(GEMINI_STREAM + "?alt=sse");
        assertThat(sent.getBody()).isEqualTo(utf8(GEMINI_BODY));
    }
}
