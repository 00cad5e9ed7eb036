package dev.aiproxy.server;

import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.server.testing.BreakingUpstream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An upstream that goes silent mid-answer is given up on after the idle timeout: the client gets an error in its
 * format (a stream, passthrough or not: an error event) instead of waiting forever, and the upstream connection is
 * closed.
 */
@Timeout(30)
class StalledUpstreamTest {
    private static final Duration IDLE = Duration.ofMillis(300);

    private BreakingUpstream upstream;
    private Gateway gateway;
    private GatewayServer server;

    private void start() throws IOException {
        upstream = BreakingUpstream.stalling();
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), IDLE)).build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @CsvSource({"ANTHROPIC, OPENAI", "GEMINI, ANTHROPIC", "OPENAI_RESPONSES, GEMINI", "OPENAI_CHAT, ANTHROPIC"})
    void aTranslatedStreamEndsWithAnErrorEventWhenTheUpstreamFallsSilent(StreamClients client, UpstreamStreams up)
            throws Exception {
        start();
        upstream.sends(up.beginning);

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(up.model, true), client.body(up.model, true),
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(client.lastErrorEvent(r.body()).get("message").asText())
                .isEqualTo("upstream stream timed out after 300 ms");
        assertThat(upstream.awaitHangUp(Duration.ofSeconds(10))).isTrue();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @CsvSource({"GEMINI, ANTHROPIC", "ANTHROPIC, OPENAI"})
    void aTranslatedAnswerIs504WhenTheUpstreamFallsSilentMidBody(StreamClients client, UpstreamStreams up)
            throws Exception {
        start();
        upstream.sends("{\"id\": \"cut-");

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(up.model, false),
                client.body(up.model, false), "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(504);
        assertThat(client.errorBody(r).get("message").asText()).isEqualTo("upstream answer timed out after 300 ms");
        assertThat(upstream.awaitHangUp(Duration.ofSeconds(10))).isTrue();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @CsvSource({"OPENAI_CHAT, OPENAI", "ANTHROPIC, ANTHROPIC", "GEMINI, GEMINI"})
    void aPassthroughStreamEndsWithAnErrorEventWhenTheUpstreamFallsSilent(StreamClients client, UpstreamStreams up)
            throws Exception {
        start();
        upstream.sends(up.beginning);

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(up.model, true),
                client.body(up.model, true), "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(client.lastErrorEvent(r.body()).get("message").asText())
                .isEqualTo("upstream stream timed out after 300 ms");
        assertThat(upstream.awaitHangUp(Duration.ofSeconds(10))).isTrue();
    }
}
