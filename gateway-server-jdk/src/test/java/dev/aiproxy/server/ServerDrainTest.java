package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.SlowSseUpstream;
import dev.aiproxy.server.testing.StreamLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stopping server drains: it stops accepting, lets the requests in flight finish within the shutdown grace, and
 * ends a stream still running after it with an error event in its client's format, never as if it were complete.
 */
class ServerDrainTest {
    private static final String MODEL = "slow-1";

    private SlowSseUpstream upstream;
    private Gateway gateway;
    private GatewayServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start(int chunks) throws IOException {
        upstream = new SlowSseUpstream(chunks);
        gateway = Gateway.create(GatewayConfig.builder().port(0)
                .addProvider(ProviderConfig.builder("slow", "openai-compatible").baseUrl(upstream.baseUrl())
                        .apiKey("sk-slow").model(MODEL).build())
                .build());
        server = GatewayServer.start(gateway);
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Opens a stream in the client's format and reads until its first word has arrived. */
    private BufferedReader openStreamPastItsFirstWord(StreamClients client) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + client.path(MODEL, true)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.body(MODEL, true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return StreamLines.after(response.body(), "word0");
    }


    private CompletableFuture<Drained> stopInBackground(Duration grace) {
        CompletableFuture<Drained> drained = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> drained.complete(server.stop(grace)));
        return drained;
    }

    private static void awaitUntil(Duration timeout, BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private boolean refusesConnections(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    @Test
    void aStreamInFlightFinishesWholeWithinTheGraceAndNoNewConnectionIsAccepted() throws Exception {
        start(20);
        BufferedReader stream = openStreamPastItsFirstWord(StreamClients.OPENAI_CHAT);
        int port = server.port();

        CompletableFuture<Drained> drained = stopInBackground(Duration.ofSeconds(60));
        awaitUntil(Duration.ofSeconds(30), () -> refusesConnections(port), "the listener closed");
        upstream.release();
        String rest = StreamLines.rest(stream);

        assertThat(rest).contains("word19").endsWith("data: [DONE]\n\n");
        Drained report = drained.get(60, TimeUnit.SECONDS);
        assertThat(report.requests()).isEqualTo(1);
        assertThat(report.streamsEnded()).isZero();
        assertThat(report.took()).isLessThan(Duration.ofSeconds(60));
        assertThat(upstream.finished()).isTrue();
    }

    @ParameterizedTest(name = "{0} client")
    @EnumSource(StreamClients.class)
    void aStreamStillRunningWhenTheGraceRunsOutEndsWithAnErrorEventInItsClientsFormat(StreamClients client)
            throws Exception {
        start(200);
        BufferedReader stream = openStreamPastItsFirstWord(client);

        Drained report = server.stop(Duration.ofMillis(500));
        String rest = StreamLines.rest(stream);

        JsonNode error = client.lastErrorEvent(rest);
        assertThat(error.toString()).contains("shutting down");
        assertThat(rest).doesNotContain("[DONE]").doesNotContain("message_stop").doesNotContain("response.completed")
                .doesNotContain("word1 ");
        assertThat(report.requests()).isEqualTo(1);
        assertThat(report.streamsEnded()).isEqualTo(1);
        upstream.release();
        assertThat(upstream.awaitHangUp(30)).as("the upstream call was cancelled").isTrue();
    }

    @Test
    void aRequestOnAKeptAliveConnectionDuringTheStopGets503AndTheConnectionIsClosed() throws Exception {
        start(20);
        try (SocketHttp kept = new SocketHttp(server.port())) {
            String echo = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json";
            kept.send(head, echo);
            assertThat(kept.read().status()).isEqualTo(200);
            BufferedReader stream = openStreamPastItsFirstWord(StreamClients.OPENAI_CHAT);

            CompletableFuture<Drained> drained = stopInBackground(Duration.ofSeconds(60));
            awaitUntil(Duration.ofSeconds(30), server::draining, "the stop began");
            kept.send(head, echo);
            RawHttp.Response refused = kept.read();

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(ErrorBodies.openAi(refused).get("code").asText()).isEqualTo("gateway_shutting_down");
            assertThat(kept.closedByServer()).isTrue();
            upstream.release();
            assertThat(StreamLines.rest(stream)).endsWith("data: [DONE]\n\n");
            Drained report = drained.get(60, TimeUnit.SECONDS);
            assertThat(report.refused()).isEqualTo(1);
            assertThat(report.describe()).startsWith("stopped after draining 1 request in ")
                    .contains("1 new request refused with 503");
        }
    }

    @Test
    void anIdleServerStopsAtOnce() throws Exception {
        start(1);
        int port = server.port();

        Drained report = server.stop(Duration.ofSeconds(60));

        assertThat(report.requests()).isZero();
        assertThat(report.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(catchThrowable(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()))
                .isInstanceOf(ConnectException.class);
    }
}
