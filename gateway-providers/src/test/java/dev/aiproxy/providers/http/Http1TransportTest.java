package dev.aiproxy.providers.http;

import static dev.aiproxy.providers.http.ScriptedUpstream.awaitTest;
import static dev.aiproxy.providers.http.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.translate.testing.Await;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain-http transport, byte for byte: framing, keep-alive, stale connections, timeouts, broken answers. */
class Http1TransportTest {
    private static final Duration FIRST_BYTE = Duration.ofSeconds(5);
    private static final String OK_JSON = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
            + "\r\n{\"ok\":true}";

    private final UpstreamHttp http = new UpstreamHttp(Duration.ofSeconds(2));
    /** Released when the test ends: an upstream that must stay silent or hang waits for it. */
    private final CountDownLatch testEnded = new CountDownLatch(1);
    private ScriptedUpstream upstream;

    @AfterEach
    void close() throws IOException {
        testEnded.countDown();
        http.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    private UpstreamResponse post(String path, String body) {
        return http.send(UpstreamCall.post(upstream.uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer k").body(body.getBytes(StandardCharsets.UTF_8)), FIRST_BYTE,
                null, "up#0");
    }

    /**
     * Whether a body has been read to its end: a zero-length read never blocks, and answers -1 only at the end. Before
     * it, asks {@link InputStream#available()}, which is how a reader that stops at its last event looks for the end.
     */
    private static boolean lookedAndEnded(InputStream body) {
        try {
            body.available();
            return body.read(new byte[0], 0, 0) < 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a thread is inside a read of an answer's body, on its way into the socket or blocked there. */
    private static boolean readingABody(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("read")
                && frame.getClassName().equals(Http1Body.class.getName()));
    }

    private static String read(UpstreamResponse response) throws IOException {
        try (response; InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendsOneWellFormedRequestAndKeepsTheConnectionForTheNext() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, OK_JSON);
            return true;
        });
        for (int i = 0; i < 5; i++) {
            UpstreamResponse response = post("/v1beta/models/m:streamGenerateContent?alt=sse", "{\"n\":" + i + "}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).contains("application/json");
            assertThat(read(response)).isEqualTo("{\"ok\":true}");
        }
        assertThat(upstream.connections()).isEqualTo(1);
        String head = upstream.heads.getFirst();
        assertThat(head).startsWith("POST /v1beta/models/m:streamGenerateContent?alt=sse HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:").contains("\r\nContent-Length: 7").contains("\r\nAuthorization: Bearer k");
        assertThat(new String(upstream.bodies.get(4), StandardCharsets.UTF_8)).isEqualTo("{\"n\":4}");
    }

    @Test
    void sendsAGetWithoutABodyOrContentLengthOnTheSameKeptConnection() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, OK_JSON);
            return true;
        });

        UpstreamResponse listed = http.send(UpstreamCall.get(upstream.uri("/v1/models"))
                .header("Authorization", "Bearer k").build(), FIRST_BYTE, null, "up#0");
        String answer = read(listed);
        read(post("/v1/chat/completions", "{}"));

        assertThat(answer).isEqualTo("{\"ok\":true}");
        assertThat(upstream.heads.getFirst()).startsWith("GET /v1/models HTTP/1.1\r\n")
                .contains("\r\nAuthorization: Bearer k").doesNotContain("Content-Length");
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void aGetCannotCarryABody() {
        assertThatThrownBy(() -> UpstreamCall.get(URI.create("http://127.0.0.1:1/v1/models")).body(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a GET carries no body");
    }

    @Test
    void readsChunkedBodiesChunkByChunkWithExtensionsAndTrailers() throws IOException {
        CountDownLatch secondChunk = new CountDownLatch(1);
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "d;name=value\r\ndata: first\n\n\r\n");
            awaitTest(secondChunk, 5);
            write(out, "D\r\ndata: second\n\r\n0\r\nX-Trailer: t\r\n\r\n");
            return true;
        });
        UpstreamResponse response = post("/chat", "{}");
        byte[] buffer = new byte[8192];
        int n = response.body().read(buffer);
        assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8))
                .as("the first chunk is readable before the second is sent").isEqualTo("data: first\n\n");
        secondChunk.countDown();
        assertThat(read(response)).isEqualTo("data: second\n");
        assertThat(read(post("/chat", "{}"))).isEqualTo("data: first\n\ndata: second\n");
        assertThat(upstream.connections()).as("a chunked answer read whole frees its connection").isEqualTo(1);
    }

    @Test
    void theChunksThatArrivedTogetherCanBeReadWithoutBlockingAndOnlyThose() throws Exception {
        CountDownLatch third = new CountDownLatch(1);
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\ndata: 1\n\r\n8;x=y\r\ndata: 2\n\r\n8\r\ndata: 3");
            awaitTest(third, 5);
            write(out, "\n\r\n0\r\n\r\n");
            return true;
        });
        UpstreamResponse response = post("/chat", "{}");
        InputStream body = response.body();
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[64];
        int n = body.read(buffer);
        got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        // what a relay does: adds what is available, which moves from chunk to chunk without waiting
        Await.until(Duration.ofSeconds(5), () -> {
            int here;
            while ((here = available(body)) > 0) {
                got.append(new String(buffer, 0, readQuietly(body, buffer, here), StandardCharsets.UTF_8));
            }
            return got.toString().equals("data: 1\ndata: 2\ndata: 3");
        }, "the three chunks sent together read without blocking");
        assertThat(available(body)).as("the rest of the third chunk has not been sent").isZero();
        third.countDown();
        assertThat(read(response)).isEqualTo("\n");
        assertThat(upstream.connections()).isEqualTo(1);
        read(post("/chat", "{}"));
        assertThat(upstream.connections()).as("the connection served the next call").isEqualTo(1);
    }

    private static int readQuietly(InputStream body, byte[] buffer, int len) {
        try {
            return body.read(buffer, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int available(InputStream body) {
        try {
            return body.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReaderThatStopsAtTheLastEventKeepsTheConnectionWhenTheBodysEndHasArrived() throws Exception {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n15\r\nevent: message_stop\n\n\r\n");
            write(out, "0\r\n\r\n"); // its own segment, as servers often send it
            return true;
        });
        for (int i = 0; i < 3; i++) {
            UpstreamResponse response = post("/v1/messages", "{}");
            byte[] event = response.body().readNBytes(21);
            assertThat(new String(event, StandardCharsets.UTF_8)).isEqualTo("event: message_stop\n\n");
            // the end of the body comes in its own segment: the reader looks until it has reached the socket
            Await.until(Duration.ofSeconds(5), () -> lookedAndEnded(response.body()), "the body's end seen");
            assertThat(response.body().available()).isZero();
            response.close();
        }
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void aReaderThatStopsBeforeTheBodysEndArrivedClosesTheConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n15\r\nevent: message_stop\n\n\r\n");
            awaitTest(closed, 5);
            write(out, "0\r\n\r\n");
            return true;
        });
        UpstreamResponse response = post("/v1/messages", "{}");
        response.body().readNBytes(21);
        assertThat(response.body().available()).isZero();
        response.close();
        closed.countDown();
        read(post("/v1/messages", "{}"));
        assertThat(upstream.connections()).as("a body whose end had not come cannot be reused").isEqualTo(2);
    }

    @Test
    void sendsAgainOnANewConnectionWhenTheUpstreamClosedAnIdleOne() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, OK_JSON);
            return false; // closes after each answer, without saying so
        });
        assertThat(read(post("/chat", "{}"))).isEqualTo("{\"ok\":true}");
        assertThat(read(post("/chat", "{}"))).isEqualTo("{\"ok\":true}");
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerThatSaysCloseIsNotReused() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            return false;
        });
        read(post("/chat", "{}"));
        read(post("/chat", "{}"));
        assertThat(upstream.heads).hasSize(2);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void readsABodyWithoutLengthToTheEndOfTheConnection() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\ndata: b\n\n");
            return false;
        });
        assertThat(read(post("/chat", "{}"))).isEqualTo("data: a\n\ndata: b\n\n");
    }

    @Test
    void skipsInterimAnswers() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n" + OK_JSON);
            return true;
        });
        UpstreamResponse response = post("/chat", "{}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(read(response)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void closingBeforeTheEndCancelsTheCallAndTheConnectionIsNotReused() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            if (c == 1) {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                awaitTest(cut, 5);
                // the gateway closed its side: writing on finds the connection gone (a write fails)
                for (int i = 0; i < 100; i++) {
                    write(out, "5\r\nworld\r\n");
                }
                return true;
            }
            write(out, OK_JSON);
            return true;
        });
        UpstreamResponse response = post("/chat", "{}");
        assertThat(response.body().read(new byte[16])).isEqualTo(5);
        response.close();
        cut.countDown();
        assertThat(read(post("/chat", "{}"))).isEqualTo("{\"ok\":true}");
        assertThat(upstream.connections()).isEqualTo(2);
        assertThatThrownBy(() -> response.body().read(new byte[16])).isInstanceOf(IOException.class);
    }

    @Test
    void closingFromAnotherThreadUnblocksARead() throws Exception {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            awaitTest(testEnded, 10);
            return false;
        });
        UpstreamResponse response = post("/chat", "{}");
        Thread reader = Thread.currentThread();
        Thread.ofVirtual().start(() -> {
            try {
                Await.until(Duration.ofSeconds(5), () -> readingABody(reader), "the reader in read()");
            } finally {
                response.close();
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> response.body().read(new byte[16])).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBodyShorterThanItsLengthFailsTheRead() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\"");
            return false;
        });
        UpstreamResponse response = post("/chat", "{}");
        assertThatThrownBy(() -> read(response)).isInstanceOf(EOFException.class)
                .hasMessageContaining("90 bytes of the answer unsent");
    }

    @Test
    void aStatusThatIsNotHttpIsABadGateway() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
            return false;
        });
        assertThatThrownBy(() -> post("/chat", "{}")).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("up#0").hasMessageContaining("malformed HTTP answer: a status line expected")
                .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
    }

    @Test
    void conflictingLengthsAreABadGateway() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!");
            return false;
        });
        assertThatThrownBy(() -> post("/chat", "{}")).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("invalid Content-Length");
    }

    @Test
    void anUpstreamSilentPastTheFirstByteTimeoutIsAGatewayTimeout() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            awaitTest(testEnded, 10);
            return false;
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send(UpstreamCall.post(upstream.uri("/chat")).body(new byte[0]),
                Duration.ofMillis(300), null, "up#0"))
                .isInstanceOf(UpstreamTimeoutException.class).hasMessageContaining("first byte from up#0");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aRefusedConnectionIsABadGatewayNamingTheUpstream() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        assertThatThrownBy(() -> http.send(UpstreamCall.post(URI.create("http://127.0.0.1:" + port + "/chat"))
                .body(new byte[0]), FIRST_BYTE, null, "up#0"))
                .isInstanceOf(UpstreamException.class)
                .hasMessageStartingWith("cannot connect to upstream up#0 (http://127.0.0.1:" + port + ")");
    }

    @Test
    void headersThatWouldBreakTheFramingAreRefused() {
        UpstreamCall.Builder call = UpstreamCall.post(URI.create("http://127.0.0.1:1/chat"));
        assertThatThrownBy(() -> call.header("X-Evil", "a\r\nContent-Length: 0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+000D");
        assertThatThrownBy(() -> call.header("Transfer-Encoding", "chunked"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the transport");
        assertThatThrownBy(() -> call.header("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamCall.post(URI.create("ftp://host/x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeaderSetTwiceIsSentOnceWithTheLastValue() throws IOException {
        upstream = new ScriptedUpstream((c, r, head, body, out) -> {
            write(out, OK_JSON);
            return true;
        });
        read(http.send(UpstreamCall.post(upstream.uri("/chat")).header("X-Team", "a").header("x-team", "b")
                .body(new byte[0]), FIRST_BYTE, null, "up#0"));
        assertThat(upstream.heads.getFirst()).contains("\r\nx-team: b").doesNotContain("X-Team: a");
    }
}
