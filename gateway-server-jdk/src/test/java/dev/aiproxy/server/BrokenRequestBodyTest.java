package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body that breaks off (the client sends part of it and half-closes) or is framed wrongly (a bad chunk size) is
 * the client's fault: 400 in its format, at once, one quiet log line without a stack trace, and the connection closed,
 * since the rest of the stream cannot be read as a next request.
 */
class BrokenRequestBodyTest {
    private static final String BODY = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private Gateway gateway;
    private GatewayServer server;
    private LogCapture logs;

    @BeforeEach
    void start() {
        gateway = Gateway.create(GatewayConfig.builder().port(0).build());
        server = GatewayServer.start(gateway);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
        gateway.close();
    }

    private String head(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\n" + framing;
    }

    private void assertLoggedQuietly() {
        assertThat(logs.text()).contains("request body").doesNotContain("SEVERE").doesNotContain("WARNING")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aBodyCutShortByAHalfCloseIs400InTheClientsFormat() throws Exception {
        try (SocketHttp http = new SocketHttp(server.port())) {
            http.write((head("/v1/chat/completions", "Content-Length: " + (BODY.length() + 40)) + "\r\n\r\n" + BODY)
                    .getBytes(StandardCharsets.UTF_8));
            http.halfClose();

            RawHttp.Response r = http.read();

            assertThat(r.status()).isEqualTo(400);
            JsonNode error = ErrorBodies.openAi(r);
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).isEqualTo("the request body broke off: the client sent "
                    + BODY.length() + " of the " + (BODY.length() + 40) + " bytes its Content-Length announced");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
        assertLoggedQuietly();
    }

    @Test
    void aBadChunkSizeIs400AtOnceAndTheConnectionIsClosed() throws Exception {
        try (SocketHttp http = new SocketHttp(server.port())) {
            http.write((head("/v1/messages", "Transfer-Encoding: chunked") + "\r\n\r\nzz\r\n" + BODY + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));

            RawHttp.Response r = http.read();

            assertThat(r.status()).isEqualTo(400);
            JsonNode error = ErrorBodies.anthropic(r);
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).startsWith("the request body could not be read: ");
            assertThat(http.closedByServer()).isTrue();
        }
        assertLoggedQuietly();
    }

    @Test
    void aChunkedBodyCutShortIs400() throws Exception {
        try (SocketHttp http = new SocketHttp(server.port())) {
            http.write((head("/v1beta/models/echo:generateContent", "Transfer-Encoding: chunked") + "\r\n\r\n40\r\n"
                    + "{\"contents\":[").getBytes(StandardCharsets.UTF_8));
            http.halfClose();

            RawHttp.Response r = http.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(ErrorBodies.gemini(r).get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        }
        assertLoggedQuietly();
    }
}
