package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.server.testing.ChildGateway;
import dev.aiproxy.server.testing.SlowSseUpstream;
import dev.aiproxy.server.testing.StreamLines;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real server process (a JVM of its own, as {@code gateway stop}, systemd and {@code docker stop}
 * send it): the server drains the streams in flight, writes the usage records still queued, logs one line and exits
 * with status 0; a stream still running when the shutdown grace runs out ends with an error event.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ShutdownEndToEndTest {
    @TempDir
    Path dir;

    private SlowSseUpstream upstream;
    private ChildGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        http.shutdownNow();
        if (upstream != null) {
            upstream.close();
        }
    }

    private Path start(String grace) throws Exception {
        upstream = new SlowSseUpstream(20);
        Path config = Files.writeString(dir.resolve("gateway.yaml"), """
                port: 0
                shutdown-grace: %s
                openai-compatibility:
                  - name: slow
                    base-url: %s
                    api-key-entries:
                      - api-key: sk-slow
                    models:
                      - name: slow-1
                """.formatted(grace, upstream.baseUrl()));
        gateway = ChildGateway.start(config, "128m");
        return config;
    }

    /** Opens a stream and reads until its first word has arrived; the upstream holds the rest. */
    private BufferedReader openStreamPastItsFirstWord() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return StreamLines.after(response.body(), "word0");
    }


    private void awaitLogged(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!gateway.log().contains(text)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not logged within 60 s: " + text + "\n" + gateway.log());
            }
            Thread.sleep(50);
        }
    }

    private boolean served(String url) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200;
        } catch (IOException | InterruptedException refused) {
            return false;
        }
    }

    @Test
    void sigtermLetsTheStreamInFlightFinishThenFlushesUsageAndExitsZero() throws Exception {
        Path config = start("60s");
        BufferedReader stream = openStreamPastItsFirstWord();

        gateway.terminate();
        awaitLogged("stopping: new requests are refused; 1 request in flight has up to 60000 ms to finish");
        boolean newRequestServed = served(gateway.baseUrl());
        upstream.release();
        String rest = StreamLines.rest(stream);
        int exit = gateway.awaitExit(Duration.ofSeconds(90));

        assertThat(newRequestServed).as("a request that arrives during the drain is not served").isFalse();
        assertThat(rest).contains("word19").endsWith("data: [DONE]\n\n");
        assertThat(exit).as(gateway.log()).isZero();
        assertThat(gateway.log()).contains("stopped after draining 1 request in ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int usage = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .execute(new String[] {"usage", "--log", "--config", config.toString()});
        assertThat(usage).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the drained request's usage record, written")
                .contains("slow-1");
    }

    @Test
    void aStreamStillRunningWhenTheGraceRunsOutEndsWithAnErrorEventAndTheExitIsStillZero() throws Exception {
        start("1s");
        BufferedReader stream = openStreamPastItsFirstWord();

        gateway.terminate();
        String rest = StreamLines.rest(stream);
        int exit = gateway.awaitExit(Duration.ofSeconds(90));

        JsonNode error = StreamClients.OPENAI_CHAT.lastErrorEvent(rest);
        assertThat(error.get("code").asText()).isEqualTo("gateway_shutting_down");
        assertThat(error.get("message").asText()).contains("shutdown grace (1 s) ran out");
        assertThat(rest).doesNotContain("[DONE]");
        assertThat(exit).as(gateway.log()).isZero();
        assertThat(gateway.log()).contains("stopped after draining 1 request in ",
                "1 stream still running at the end of the shutdown grace ended with an error event");
    }

    @Test
    void aSecondSigtermEndsTheGraceAtOnce() throws Exception {
        start("10m");
        BufferedReader stream = openStreamPastItsFirstWord();
        long started = System.nanoTime();

        gateway.terminate();
        awaitLogged("stopping: new requests are refused; 1 request in flight has up to 600000 ms to finish");
        gateway.terminate();
        String rest = StreamLines.rest(stream);
        int exit = gateway.awaitExit(Duration.ofSeconds(120));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(2));
        assertThat(StreamClients.OPENAI_CHAT.lastErrorEvent(rest).get("code").asText())
                .isEqualTo("gateway_shutting_down");
        assertThat(exit).as(gateway.log()).isZero();
        assertThat(gateway.log()).contains("SIGTERM again: ending the grace now",
                "1 stream still running at the end of the shutdown grace ended with an error event");
    }
}
