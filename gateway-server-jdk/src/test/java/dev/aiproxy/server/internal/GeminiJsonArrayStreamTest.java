package dev.aiproxy.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.routing.GatewayResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiJsonArrayStreamTest {
    private static final long MAX_EVENT = 1024;

    /** A stream that writes its events one by one, flushing after each, and records what the client had by then. */
    private static final class Events implements GatewayResponse.Streamed {
        private final List<String> events;
        private final RuntimeException failure;
        private final ByteArrayOutputStream client;
        private final List<String> seenAfterEachFlush = new ArrayList<>();
        private boolean closed;

        Events(ByteArrayOutputStream client, RuntimeException failure, String... events) {
            this.client = client;
            this.failure = failure;
            this.events = List.of(events);
        }

        @Override
        public long length() {
            return -1;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (String event : events) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                seenAfterEachFlush.add(client.toString(StandardCharsets.UTF_8));
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static GatewayResponse.Streamed reframed(Events events) {
        GatewayResponse answer = GeminiJsonArrayStream.of(new GatewayResponse(200,
                Map.of("Content-Type", "text/event-stream"), events), MAX_EVENT);
        assertThat(answer.contentType()).startsWith("application/json");
        return (GatewayResponse.Streamed) answer.body();
    }

    @Test
    void writesEachEventAsAnElementAsSoonAsItIsWhole() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Events events = new Events(client, null, "data: {\"a\":1}\r\n\r\n", "data: {\"b\":2}\n\n",
                ": a comment\r\n\r\ndata: {\"c\":3}\r\r");

        reframed(events).writeTo(client);

        assertThat(events.seenAfterEachFlush).containsExactly("[{\"a\":1}", "[{\"a\":1}\n,\r\n{\"b\":2}",
                "[{\"a\":1}\n,\r\n{\"b\":2}\n,\r\n{\"c\":3}");
        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}\n,\r\n{\"b\":2}\n,\r\n{\"c\":3}\n]");
    }

    @Test
    void anEventWrittenInPiecesIsOneElement() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Events events = new Events(client, null, "data: {\"a\":", "1}\r", "\n\r\n");

        reframed(events).writeTo(client);

        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}\n]");
    }

    @Test
    void anErrorEventIsTheLastElementOfAClosedArray() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Events events = new Events(client, null, "data: {\"a\":1}\r\n\r\n",
                "data: {\"error\":{\"code\":502,\"message\":\"upstream failed\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n");

        reframed(events).writeTo(client);

        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}\n,\r\n"
                + "{\"error\":{\"code\":502,\"message\":\"upstream failed\",\"status\":\"UNAVAILABLE\"}}\n]");
    }

    @Test
    void aStreamCutOffMidwayIsLeftUnclosedSoTheClientSeesItCut() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Events events = new Events(client, UpstreamException.badGateway("the upstream broke off", null),
                "data: {\"a\":1}\r\n\r\n");

        assertThatThrownBy(() -> reframed(events).writeTo(client)).isInstanceOf(UpstreamException.class);

        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}");
    }

    @Test
    void anEmptyStreamIsAnEmptyArray() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();

        reframed(new Events(client, null)).writeTo(client);

        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("[]");
    }

    @Test
    void anEventLargerThanTheLimitEndsTheAnswerAsAnUpstreamFailure() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Events events = new Events(client, null, "data: \"" + "x".repeat((int) MAX_EVENT) + "\"\n\n");

        assertThatThrownBy(() -> reframed(events).writeTo(client)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("limits.max-stream-event");
    }

    @Test
    void closingClosesTheStreamBeneath() {
        Events events = new Events(new ByteArrayOutputStream(), null);

        reframed(events).close();

        assertThat(events.closed).isTrue();
    }

    @Test
    void leavesAnAnswerThatIsNotAStreamAsItIs() {
        GatewayResponse error = new GatewayResponse(404, Map.of("Content-Type", "application/json"),
                new GatewayResponse.Bytes("{\"error\":{}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(GeminiJsonArrayStream.of(error, MAX_EVENT)).isSameAs(error);
    }
}
