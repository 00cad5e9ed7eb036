package dev.aiproxy.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.server.faults.FaultUpstream.Fault;
import dev.aiproxy.translate.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault suite: the gateway, in a child JVM with a 64 MB heap, against an upstream that misbehaves in every way
 * seen in the field ({@link FaultUpstream}). Each case checks what the client gets (status, and an error in its own
 * format, never a failure that looks like an answer), and after each the same gateway must answer a normal request:
 * no fault may take it out of memory or leave it wedged.
 */
@Timeout(120)
class FaultSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static FaultUpstream upstream;
    private static Process gateway;
    private static String baseUrl;

    @BeforeAll
    static void start() throws IOException {
        upstream = new FaultUpstream();
        StringBuilder config = new StringBuilder("""
                host: 127.0.0.1
                port: 0
                echo: false
                request-retry: 0
                max-retry-interval: 0
                timeouts:
                  connect: 2s
                  first-byte: 2s
                  idle: 2s
                  total: 5s
                streaming:
                  keepalive-seconds: 1
                openai-compatibility:
                """);
        for (Fault fault : Fault.values()) {
            config.append("  - name: ").append(model(fault)).append('\n')
                    .append("    base-url: ").append(upstream.baseUrl(fault)).append('\n')
                    .append("    api-key-entries:\n      - api-key: sk-fault-upstream-0123456789\n")
                    .append("    models:\n      - name: gpt-4o-mini\n        alias: ").append(model(fault))
                    .append('\n');
        }
        Path file = dir.resolve("faults.yaml");
        Files.writeString(file, config);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                "dev.aiproxy.server.Launcher", "run", "--config", file.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.redirectErrorStream(true);
        gateway = builder.start();
        baseUrl = listeningOn(gateway);
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
        upstream.close();
    }

    private static String model(Fault fault) {
        return "fault-" + fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String listeningOn(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf(" listening on ");
            if (at >= 0) {
                // keep reading in the background, so the child never blocks on a full pipe
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return line.substring(at + " listening on ".length()).strip();
            }
        }
        throw new IllegalStateException("the gateway exited before listening:\n" + seen);
    }

    private record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer openAi(Fault fault, boolean stream) throws IOException, InterruptedException {
        return post("/v1/chat/completions", "{\"model\":\"" + model(fault) + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static Answer anthropic(Fault fault) throws IOException, InterruptedException {
        return post("/v1/messages", "{\"model\":\"" + model(fault) + "\",\"stream\":true,\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static Answer post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers(), r.body());
    }

    /** The error an OpenAI client reads from an error body. */
    private static String openAiError(Answer answer) throws IOException {
        assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode error = answer.json().get("error");
        assertThat(error).as("an OpenAI error body: " + answer.body()).isNotNull();
        assertThat(error.get("type").asText()).isNotBlank();
        return error.get("message").asText();
    }

    /** The message of the error event that ends an OpenAI stream; the stream never claims it ended well. */
    private static String lastOpenAiErrorEvent(Answer answer) throws IOException {
        assertThat(answer.body()).doesNotContain("[DONE]");
        String[] events = answer.body().strip().split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("data: ");
        return JSON.readTree(last.substring("data: ".length())).at("/error/message").asText();
    }

    @AfterEach
    void theGatewayStillAnswers() throws IOException, InterruptedException {
        assertThat(gateway.isAlive()).as("the gateway process is alive").isTrue();
        Answer ok = openAi(Fault.OK, false);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/choices/0/message/content").asText()).isEqualTo("fine");
        Answer stream = openAi(Fault.OK, true);
        assertThat(stream.body()).contains("\"Hel\"").endsWith("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"GARBAGE_JSON", "TRUNCATED_JSON"})
    void anAnswerThatIsNotJsonIs502(Fault fault) throws Exception {
        Answer answer = openAi(fault, false);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(openAiError(answer)).contains("not a whole JSON object");
    }

    @Test
    void anHtmlErrorPageBecomesAnErrorInTheClientsFormat() throws Exception {
        Answer answer = openAi(Fault.HTML_502, false);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(openAiError(answer)).as("a JSON error that quotes the page").contains("answered 502");
    }

    @Test
    void aRateLimitKeepsItsRetryAfter() throws Exception {
        Answer answer = openAi(Fault.RATE_LIMITED, false);
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.headers().firstValue("retry-after")).hasValue("7");
        assertThat(openAiError(answer)).isNotBlank();
    }

    @Test
    void aResetIs502() throws Exception {
        Answer answer = openAi(Fault.RESET, false);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(openAiError(answer)).isNotBlank();
    }

    @Test
    void aHangIs504AtTheFirstByteTimeout() throws Exception {
        Answer answer = openAi(Fault.HANG, false);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(openAiError(answer)).contains("timed out");
    }

    @Test
    void aStreamThatStopsMidwayEndsWithAnErrorEvent() throws Exception {
        Answer answer = openAi(Fault.STOP_MIDWAY, true);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"Hel\"").contains("\"lo\"");
        assertThat(lastOpenAiErrorEvent(answer)).contains("broke off");
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEvent() throws Exception {
        Answer answer = openAi(Fault.CUT_SHORT, true);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(lastOpenAiErrorEvent(answer)).contains("cut short");
    }

    @Test
    void aMalformedEventEndsATranslatedStreamWithAnErrorEvent() throws Exception {
        Answer answer = anthropic(Fault.MALFORMED_SSE);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("event: error").doesNotContain("message_stop");
    }

    @Test
    void aMalformedEventRelayedAsItIsStillEndsWithAnErrorEvent() throws Exception {
        Answer answer = openAi(Fault.MALFORMED_SSE, true);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(lastOpenAiErrorEvent(answer)).contains("cut short");
    }

    @Test
    void anEndlessStreamIsCancelledUpstreamWhenTheClientLeaves() throws Exception {
        int before = upstream.hangUps();
        URI base = URI.create(baseUrl);
        byte[] body = ("{\"model\":\"" + model(Fault.ENDLESS_STREAM) + "\",\"stream\":true,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] read = in.readNBytes(4 * 1024 * 1024);
            assertThat(new String(read, 0, 200, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        Await.until(Duration.ofSeconds(20), () -> upstream.hangUps() > before,
                "the gateway hangs up on the endless upstream");
    }

    @Test
    void anEndlessLineEndsATranslatedStreamWithAnErrorNotTheHeap() throws Exception {
        Answer answer = anthropic(Fault.ENDLESS_LINE);
        assertThat(answer.status()).isIn(200, 502);
        assertThat(answer.body()).contains("error").doesNotContain("message_stop");
    }

    @Test
    void aDrippedAnswerArrivesWhole() throws Exception {
        Answer answer = openAi(Fault.DRIP, false);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/choices/0/message/content").asText()).isEqualTo("fine");
    }

    @Test
    void aHugeDeclaredLengthIsNotAllocatedAndFailsInTheClientsFormat() throws Exception {
        Answer answer = openAi(Fault.HUGE_DECLARED, false);
        assertThat(answer.status()).isIn(502, 504);
        assertThat(openAiError(answer)).isNotBlank();
    }

    @Test
    void aHugeBodyIsRefusedAtItsBoundNotTheHeap() throws Exception {
        Answer answer = openAi(Fault.HUGE_BODY, false);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(openAiError(answer)).contains("larger than");
    }
}
