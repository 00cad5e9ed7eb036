package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.pipeline.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} (out of memory, a stack overflow) that escapes while a request is served never reaches the client
 * as a whole answer: the connection is dropped, so the client sees a failure, not a clean (maybe empty) 200. The
 * server goes on serving.
 */
class HandlerErrorTest {
    /** Which failure the test step makes: before the answer, at the start of a stream, or midway. */
    private static final String FAIL = "X-Test-Fail";
    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"echo\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static Gateway gateway;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        gateway = Gateway.builder(GatewayConfig.builder().port(0).build()).interceptor(chain -> {
            String fail = chain.call().context().headers().first(FAIL);
            if (fail == null) {
                return chain.proceed(chain.call());
            }
            return switch (fail) {
                case "before" -> throw new StackOverflowError("a test's");
                case "start" -> new Answer.Wire(stream(0));
                default -> new Answer.Wire(stream(1));
            };
        }).build();
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    /** A stream that writes {@code events} events, then runs out of memory. */
    private static GatewayResponse stream(int events) {
        return new GatewayResponse(200, Map.of("Content-Type", "text/event-stream"), new GatewayResponse.Streamed() {
            @Override
            public long length() {
                return -1;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                for (int i = 0; i < events; i++) {
                    out.write("data: {\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                throw new OutOfMemoryError("a test's");
            }

            @Override
            public void close() {
            }
        });
    }

    private static Throwable failing(String where) {
        return catchThrowable(() -> RawHttp.post(server.baseUrl() + CHAT, HELLO, FAIL, where));
    }

    @Test
    void anErrorMidwayThroughAStreamDropsTheConnectionInsteadOfEndingTheStream() {
        assertThat(failing("midway")).isInstanceOf(IOException.class);
    }

    @Test
    void anErrorBeforeTheFirstByteOfAStreamIsNoCleanEmptyAnswer() {
        assertThat(failing("start")).isInstanceOf(IOException.class);
    }

    @Test
    void anErrorBeforeTheAnswerDropsTheConnection() {
        assertThat(failing("before")).isInstanceOf(IOException.class);
    }

    @Test
    void theServerGoesOnServingAfterAnError() throws Exception {
        failing("midway");

        RawHttp.Response r = RawHttp.post(server.baseUrl() + CHAT, HELLO);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Hello").contains("[DONE]");
    }
}
