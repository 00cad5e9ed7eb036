package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.server.testing.ChildGateway;
import dev.aiproxy.server.testing.HostileUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in a JVM of its own with a small heap, against upstreams whose answers would take it out of memory were
 * their sizes not bounded: every hostile answer becomes an error in the client's format (or, for a stream, an error
 * event), and the gateway still answers the next request. The heap is the launcher's 256 MB divided by
 * {@value #DIVISOR}, and so are the default limits, so these tests check the defaults at scale; the hostile answers are
 * larger than the whole heap.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryBoundsTest {
    private static final int DIVISOR = Integer.getInteger("memory-test.divisor", 4);
    private static final String HEAP = (256 / DIVISOR) + "m";
    private static final Limits LIMITS = scaled(Limits.DEFAULTS);
    /** A streamed answer past the remembered bound but within what a Responses stream may hold. */
    private static final long LONG_STREAM_TEXT = (LIMITS.maxRememberedAnswerBytes()
            + LIMITS.maxResponseBodyBytes()) / 2;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static HostileUpstream upstream;
    private static ChildGateway gateway;

    private static Limits scaled(Limits d) {
        return new Limits(d.maxRequestBodyBytes() / DIVISOR, d.maxResponseBodyBytes() / DIVISOR,
                d.maxStreamEventBytes() / DIVISOR, d.maxRememberedAnswerBytes() / DIVISOR,
                d.maxConversationStoreBytes() / DIVISOR);
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = new HostileUpstream(LONG_STREAM_TEXT);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                port: 0
                request-retry: 0
                disable-cooling: true
                timeouts:
                  first-byte: 20s
                  idle: 20s
                limits:
                  max-request-body: %d
                  max-response-body: %d
                  max-stream-event: %d
                  max-remembered-answer: %d
                  max-conversation-store: %d
                openai-compatibility:
                  - name: hostile
                    base-url: %s
                    models:
                      - name: %s
                      - name: %s
                      - name: %s
                      - name: %s
                      - name: %s
                      - name: %s
                """.formatted(LIMITS.maxRequestBodyBytes(), LIMITS.maxResponseBodyBytes(),
                LIMITS.maxStreamEventBytes(), LIMITS.maxRememberedAnswerBytes(), LIMITS.maxConversationStoreBytes(),
                upstream.baseUrl(), HostileUpstream.OK, HostileUpstream.LONG_STREAM, HostileUpstream.ENDLESS_STREAM,
                HostileUpstream.ENDLESS_DATA_LINES, HostileUpstream.ENDLESS_LINE, HostileUpstream.DECLARES_60_MB));
        gateway = ChildGateway.start(config, HEAP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** The process survived and still answers a plain request. */
    @AfterEach
    void stillServes() throws Exception {
        assertThat(gateway.isAlive()).as(gateway.log()).isTrue();
        RawHttp.Response r = RawHttp.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"still there?\"}]}");

        assertThat(r.status()).as(gateway.log()).isEqualTo(200);
        assertThat(r.body()).contains("\"fine\"");
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void aStreamedAnswerPastTheRememberedBoundReachesTheClientWholeButIsNotRemembered() throws Exception {
        Streamed r = stream("/v1/responses", "{\"model\":\"" + HostileUpstream.LONG_STREAM
                + "\",\"stream\":true,\"input\":\"Hello\"}");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.lastEventName).isEqualTo("response.completed");
        assertThat(r.bytes).isGreaterThan(LONG_STREAM_TEXT);
        assertPreviousResponseNotFound(r.responseId());
    }

    @Test
    void aShortStreamedAnswerIsRemembered() throws Exception {
        Streamed r = stream("/v1/responses", "{\"model\":\"ok\",\"stream\":true,\"input\":\"Hello\"}");

        RawHttp.Response next = RawHttp.post(gateway.baseUrl() + "/v1/responses", "{\"model\":\"ok\","
                + "\"previous_response_id\":\"" + r.responseId() + "\",\"input\":\"And then?\"}");

        assertThat(next.status()).as(next.body()).isEqualTo(200);
    }

    @Test
    void aStreamWithoutEndEndsWithAnErrorEventOnceLargerThanAResponsesStreamMayHold() throws Exception {
        Streamed r = stream("/v1/responses", "{\"model\":\"" + HostileUpstream.ENDLESS_STREAM
                + "\",\"stream\":true,\"input\":\"Hello\"}");

        assertThat(r.status).isEqualTo(200);
        JsonNode error = StreamClients.OPENAI_RESPONSES.lastErrorEvent(r.tail());
        assertThat(error.get("message").asText()).contains("larger than the " + LIMITS.maxResponseBodyBytes()
                + " bytes a Responses stream");
        assertThat(r.bytes).isLessThan(4 * LIMITS.maxResponseBodyBytes());
        assertPreviousResponseNotFound(r.responseId());
    }

    @Test
    void upstreamEventsWithoutEndFailTheirStreamsInTheClientsFormatFourAtOnce() throws Exception {
        List<Future<RawHttp.Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String model : List.of(HostileUpstream.ENDLESS_DATA_LINES, HostileUpstream.ENDLESS_LINE)) {
                for (StreamClients client : List.of(StreamClients.OPENAI_RESPONSES, StreamClients.ANTHROPIC)) {
                    answers.add(clients.submit(() -> RawHttp.post(gateway.baseUrl() + client.path(model, true),
                            client.body(model, true))));
                }
            }
        }

        int i = 0;
        for (String model : List.of(HostileUpstream.ENDLESS_DATA_LINES, HostileUpstream.ENDLESS_LINE)) {
            for (StreamClients client : List.of(StreamClients.OPENAI_RESPONSES, StreamClients.ANTHROPIC)) {
                RawHttp.Response r = answers.get(i++).get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as(model + " to " + client).isEqualTo(200);
                assertThat(client.lastErrorEvent(r.body()).get("message").asText()).as(model + " to " + client)
                        .isEqualTo("the upstream's stream sent an event larger than "
                                + LIMITS.maxStreamEventBytes() + " bytes");
            }
        }
    }

    @Test
    void answersDeclaringMoreThanTheLimitAre502InTheClientsFormatSixAtOnce() throws Exception {
        List<Future<RawHttp.Response>> answers = new ArrayList<>();
        List<StreamClients> clients = List.of(StreamClients.OPENAI_CHAT, StreamClients.ANTHROPIC,
                StreamClients.OPENAI_RESPONSES, StreamClients.OPENAI_CHAT, StreamClients.ANTHROPIC,
                StreamClients.OPENAI_RESPONSES);
        String model = HostileUpstream.DECLARES_60_MB;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StreamClients client : clients) {
                answers.add(callers.submit(() -> RawHttp.post(gateway.baseUrl() + client.path(model, false),
                        client.body(model, false))));
            }
        }

        for (int i = 0; i < clients.size(); i++) {
            RawHttp.Response r = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(clients.get(i) + ": " + r.body()).isEqualTo(502);
            assertThat(clients.get(i).errorBody(r).get("message").asText()).isEqualTo("the upstream's answer is "
                    + "larger than " + LIMITS.maxResponseBodyBytes() + " bytes (declares "
                    + HostileUpstream.DECLARED_LENGTH + " bytes)");
        }
    }

    @Test
    void rememberedConversationsStayWithinTheStoreBoundLeastRecentlyUsedGoingFirst() throws Exception {
        // more than the whole heap, all told; each just fits one 1 MiB heap region, so the heap holds what is counted
        int inputBytes = 1024 * 1024 - 1024;
        long count = Math.max(72, LIMITS.maxConversationStoreBytes() / inputBytes + 8);
        String input = "a".repeat(inputBytes);
        List<String> ids = new ArrayList<>();

        for (int i = 0; i < count; i++) {
            RawHttp.Response r = RawHttp.post(gateway.baseUrl() + "/v1/responses",
                    "{\"model\":\"ok\",\"input\":\"" + input + "\"}");
            assertThat(r.status()).as(i + ": " + r.body()).isEqualTo(200);
            ids.add(ErrorBodies.parse(r.body(), r).get("id").asText());
        }

        RawHttp.Response latest = RawHttp.post(gateway.baseUrl() + "/v1/responses", "{\"model\":\"ok\","
                + "\"previous_response_id\":\"" + ids.getLast() + "\",\"input\":\"And then?\"}");
        assertThat(latest.status()).as(latest.body()).isEqualTo(200);
        assertPreviousResponseNotFound(ids.getFirst());
    }

    private static void assertPreviousResponseNotFound(String id) throws Exception {
        RawHttp.Response next = RawHttp.post(gateway.baseUrl() + "/v1/responses", "{\"model\":\"ok\","
                + "\"previous_response_id\":\"" + id + "\",\"input\":\"And then?\"}");

        assertThat(next.status()).as(next.body()).isEqualTo(400);
        JsonNode error = ErrorBodies.openAi(next);
        assertThat(error.get("message").asText()).isEqualTo("Previous response with id '" + id + "' not found.");
        assertThat(error.get("param").asText()).isEqualTo("previous_response_id");
    }

    /**
     * A streamed answer read as it comes: how many bytes, the first and the last 64 KiB or more, and the name of its
     * last event, which may be larger than that. The stream may be larger than this JVM should hold.
     */
    private record Streamed(int status, long bytes, String head, byte[] last, int lastLength, String lastEventName) {
        String tail() {
            return new String(last, 0, lastLength, StandardCharsets.UTF_8);
        }

        /** The id in the first event, {@code response.created}. */
        String responseId() {
            SseEvents.Event created = SseEvents.parse(head).getFirst();
            assertThat(created.name()).as(head).isEqualTo("response.created");
            return ErrorBodies.parse(created.data(), head).get("response").get("id").asText();
        }
    }

    private static Streamed stream(String path, String body) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        int window = 64 * 1024;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] ring = new byte[2 * window];
        int kept = 0;
        long total = 0;
        byte[] buffer = new byte[8192];
        // the line being read, as long as it may be an "event:" line
        StringBuilder line = new StringBuilder();
        String lastEventName = null;
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        if (line.toString().startsWith("event:")) {
                            lastEventName = line.substring(6).strip();
                        }
                        line.setLength(0);
                    } else if (line.length() < 100) {
                        line.append((char) buffer[i]);
                    }
                }
                if (head.size() < window) {
                    head.write(buffer, 0, Math.min(n, window - head.size()));
                }
                if (kept + n > ring.length) {
                    System.arraycopy(ring, kept - window, ring, 0, window);
                    kept = window;
                }
                System.arraycopy(buffer, 0, ring, kept, n);
                kept += n;
            }
        }
        return new Streamed(response.statusCode(), total, head.toString(StandardCharsets.UTF_8), ring, kept,
                lastEventName);
    }
}
