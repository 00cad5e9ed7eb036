package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.SlowSseUpstream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The passthrough stream relays each event as it arrives and stops the upstream when the client leaves. */
class StreamingRelayTest {
    private SlowSseUpstream upstream;
    private Gateway gateway;
    private GatewayServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new SlowSseUpstream(200);
        gateway = Gateway.create(GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("slow", "openai-compatible").baseUrl(upstream.baseUrl())
                        .apiKey("sk-slow").model("slow-1").build())
                .build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        gateway.close();
        upstream.close();
    }

    private HttpResponse<InputStream> openStream() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theFirstEventReachesTheClientBeforeTheUpstreamHasFinished() throws Exception {
        HttpResponse<InputStream> response = openStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));

        String first = reader.readLine();

        assertThat(first).startsWith("data: ").contains("word0 ");
        assertThat(upstream.finished()).isFalse();
        upstream.release();
        String line;
        String last = null;
        while ((line = reader.readLine()) != null) {
            if (!line.isEmpty()) {
                last = line;
            }
        }
        assertThat(last).isEqualTo("data: [DONE]");
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
    }

    @Test
    void aClientThatHangsUpCancelsTheUpstreamCall() throws Exception {
        HttpResponse<InputStream> response = openStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).contains("word0");

        response.body().close();
        upstream.release();

        assertThat(upstream.awaitHangUp(10)).isTrue();
        assertThat(upstream.finished()).isFalse();
    }
}
