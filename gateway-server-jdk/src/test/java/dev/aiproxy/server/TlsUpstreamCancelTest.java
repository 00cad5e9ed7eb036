package dev.aiproxy.server;

import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.api.spi.CaCertificates;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.server.testing.LoopbackProxy;
import dev.aiproxy.server.testing.TlsSseUpstream;
import dev.aiproxy.translate.testing.TestCertificates;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream call over TLS ends when the gateway no longer needs it, over HTTP/2 (the stream is reset, the
 * connection stays) as over HTTP/1.1 (the connection is closed): when the client hangs up mid-stream, when the upstream
 * falls silent past the idle timeout, and when its first byte comes later than the first-byte timeout. Otherwise the
 * upstream would go on generating, and billing, for nobody.
 */
@Timeout(60)
class TlsUpstreamCancelTest {
    private static final TestCertificates CERTS = TlsUpstreams.CERTS;
    private static final Duration IDLE = Duration.ofMillis(300);

    private TlsSseUpstream upstream;
    private LoopbackProxy relay;
    private Gateway gateway;
    private GatewayServer server;

    private void start(TlsSseUpstream tls, Timeouts timeouts) {
        upstream = tls;
        start(tls.baseUrl(), timeouts);
    }

    private void start(String baseUrl, Timeouts timeouts) {
        gateway = Gateway.create(GatewayConfig.builder().port(0).addClientKey(CLIENT_KEY).timeouts(timeouts)
                .resilience(Resilience.builder().requestRetry(0).disableCooling(true).build())
                .addProvider(ProviderConfig.builder("tls", "openai-compatible").baseUrl(baseUrl)
                        .apiKey("sk-tls").model("tls-1").caCertificates(new CaCertificates(List.of(CERTS.ca())))
                        .build())
                .build());
        server = GatewayServer.start(gateway);
    }

    private static TlsSseUpstream upstream(String protocol, int chunks) throws Exception {
        return protocol.equals("h2") ? TlsSseUpstream.http2(CERTS, chunks) : TlsSseUpstream.http1(CERTS, chunks);
    }

    private static String expected(String protocol) {
        return protocol.equals("h2") ? "HTTP/2.0" : "HTTP/1.1";
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "http/1.1"})
    void aClientThatHangsUpMidStreamCancelsTheUpstreamCall(String protocol) throws Exception {
        start(upstream(protocol, 10_000), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        OpenAIClient client = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);

        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("tls-1").addUserMessage("go").build())) {
            Iterator<ChatCompletionChunk> it = chunks.stream().iterator();
            assertThat(it.next().choices().getFirst().delta().content()).contains("word0 ");
        } finally {
            client.close();
        }
        upstream.release();

        assertThat(upstream.awaitHangUp(20)).as("the upstream saw the call cancelled").isTrue();
        assertThat(upstream.completed()).isZero();
        assertThat(upstream.protocols()).containsExactly(expected(protocol));
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @CsvSource({"OPENAI_CHAT, h2", "ANTHROPIC, h2", "ANTHROPIC, http/1.1"})
    void anUpstreamThatFallsSilentEndsTheStreamWithAnErrorEventAndIsCancelled(StreamClients client, String protocol)
            throws Exception {
        start(upstream(protocol, 10_000), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), IDLE));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path("tls-1", true), client.body("tls-1", true),
                "Authorization", "Bearer " + CLIENT_KEY);
        upstream.release();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("word0 ");
        assertThat(client.lastErrorEvent(r.body()).get("message").asText())
                .isEqualTo("upstream stream timed out after 300 ms");
        assertThat(upstream.awaitHangUp(20)).as("the upstream saw the call cancelled").isTrue();
        assertThat(upstream.completed()).isZero();
        assertThat(upstream.protocols()).containsExactly(expected(protocol));
    }

    /**
     * The call that times out goes over a connection already open, so that it is on the wire when the timeout comes
     * (the first call's TLS handshake alone may take longer than a short timeout); then the timeout is shortened by a
     * reload, which keeps the provider and its connection.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "http/1.1"})
    void aFirstByteLaterThanTheTimeoutIs504AndCancelsTheUpstreamCall(String protocol) throws Exception {
        start(upstream(protocol, 20), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        upstream.release();
        StreamClients.OPENAI_CHAT.stream(server.baseUrl(), CLIENT_KEY, "tls-1", text -> { });
        gateway.reload(gateway.config().toBuilder()
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300))).build());
        upstream.holdHeaders();

        RawHttp.Response r = RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                StreamClients.OPENAI_CHAT.body("tls-1", true), "Authorization", "Bearer " + CLIENT_KEY);
        upstream.release();

        assertThat(r.status()).isEqualTo(504);
        assertThat(StreamClients.OPENAI_CHAT.errorBody(r).get("message").asText()).contains("timed out after 300 ms");
        assertThat(upstream.awaitHangUp(20)).as("the upstream saw the call cancelled").isTrue();
        assertThat(upstream.completed()).isEqualTo(1);
        assertThat(upstream.protocols()).containsExactly(expected(protocol), expected(protocol));
    }

    @Test
    void streamsReadToTheirEndOverHttp1ReuseOneTlsConnection() throws Exception {
        upstream = TlsSseUpstream.http1(CERTS, 3);
        upstream.release();
        relay = LoopbackProxy.relayTo(upstream.port());
        start("https://127.0.0.1:" + relay.port() + "/v1", new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));

        for (int i = 0; i < 3; i++) {
            StringBuilder text = new StringBuilder();
            StreamClients.OPENAI_CHAT.stream(server.baseUrl(), CLIENT_KEY, "tls-1", text::append);
            assertThat(text.toString()).isEqualTo("word0 word1 word2 ");
        }

        assertThat(upstream.protocols()).containsExactly("HTTP/1.1", "HTTP/1.1", "HTTP/1.1");
        assertThat(relay.connections()).isEqualTo(1);
    }
}
