package dev.aiproxy.server;

import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.Streaming;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.server.testing.BreakingUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SSE keep-alives ({@code streaming.keepalive-seconds}): a streamed answer whose upstream falls silent gets comment
 * lines that every official SDK skips, and a client that left while the upstream was silent is noticed at the next
 * one, so its upstream call is cancelled then rather than at the idle timeout.
 */
@Timeout(60)
class KeepAliveEndToEndTest {
    private static final Duration KEEPALIVE = Duration.ofMillis(200);

    private BreakingUpstream upstream;
    private Gateway gateway;
    private GatewayServer server;

    private void start(BreakingUpstream breaking) throws IOException {
        upstream = breaking;
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)))
                .streaming(new Streaming(KEEPALIVE)).build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @CsvSource({"OPENAI_CHAT, OPENAI", "ANTHROPIC, ANTHROPIC", "GEMINI, GEMINI", "OPENAI_RESPONSES, ANTHROPIC",
            "OPENAI_CHAT, GEMINI"})
    void everySdkReadsAStreamWithKeepAlivesInIt(StreamClients client, UpstreamStreams up) throws Exception {
        start(BreakingUpstream.pausing(KEEPALIVE.multipliedBy(4)));
        upstream.sends(up.beginning);
        upstream.thenSends(up.ending);

        StringBuilder text = new StringBuilder();
        client.stream(server.baseUrl(), CLIENT_KEY, up.model, text::append);
        assertThat(text.toString()).isEqualTo("Hello!");

        RawHttp.Response raw = RawHttp.post(server.baseUrl() + client.path(up.model, true),
                client.body(up.model, true), "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(raw.body()).contains("\n: keep-alive\n\n");
    }

    @Test
    void aClientThatLeavesWhileTheUpstreamIsSilentHasItsUpstreamCallCancelled() throws Exception {
        start(BreakingUpstream.stalling());
        upstream.sends(UpstreamStreams.OPENAI.beginning);
        URI base = URI.create(server.baseUrl());
        byte[] body = StreamClients.OPENAI_CHAT.body(UpstreamStreams.OPENAI.model, true)
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + CLIENT_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\"lo\"")) {
                int b = in.read();
                assertThat(b).as("the answer's beginning arrives").isNotNegative();
                seen.append((char) b);
            }
        }
        assertThat(upstream.awaitHangUp(Duration.ofSeconds(5)))
                .as("the upstream call is cancelled at a keep-alive, long before the 30 s idle timeout").isTrue();
    }
}
