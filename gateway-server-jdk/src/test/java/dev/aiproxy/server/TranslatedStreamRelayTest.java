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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A translated stream (an OpenAI upstream, clients of the other formats) relays each event as it arrives, and stops
 * the upstream when the client leaves, like the passthrough relay does.
 */
class TranslatedStreamRelayTest {
    private static final String MODEL = "slow-1";

    private SlowSseUpstream upstream;
    private Gateway gateway;
    private GatewayServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start(int chunks) throws Exception {
        upstream = new SlowSseUpstream(chunks);
        gateway = Gateway.create(GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("slow", "openai-compatible").baseUrl(upstream.baseUrl())
                        .apiKey("sk-slow").model(MODEL).build())
                .build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(names = {"ANTHROPIC", "GEMINI", "OPENAI_RESPONSES"})
    void theFirstTextReachesTheSdkWhileTheUpstreamIsStillBlocked(StreamClients client) throws Exception {
        start(20);
        List<Boolean> upstreamFinishedAtFirstText = new ArrayList<>();
        StringBuilder text = new StringBuilder();

        client.stream(server.baseUrl(), "unused-on-loopback", MODEL, piece -> {
            if (upstreamFinishedAtFirstText.isEmpty()) {
                upstreamFinishedAtFirstText.add(upstream.finished());
                upstream.release();
            }
            text.append(piece);
        });

        assertThat(upstreamFinishedAtFirstText).containsExactly(false);
        assertThat(text.toString()).isEqualTo(IntStream.range(0, 20).mapToObj(i -> "word" + i + " ")
                .collect(Collectors.joining()));
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(names = {"ANTHROPIC", "GEMINI", "OPENAI_RESPONSES"})
    void aClientThatHangsUpMidStreamCancelsTheUpstreamCall(StreamClients client) throws Exception {
        start(200);
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + client.path(MODEL, true)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.body(MODEL, true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains("word0"));
        assertThat(line).as("the first word, before the upstream was released").isNotNull();

        response.body().close();
        upstream.release();

        assertThat(upstream.awaitHangUp(10)).isTrue();
        assertThat(upstream.finished()).isFalse();
    }
}
