package dev.aiproxy.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-style upstream that streams chat chunks slowly: the first chunk at once, the rest only after {@link
 * #release()}, one every few milliseconds until the stream ends or the upstream is closed. It notices when the gateway
 * hangs up on it mid-stream.
 */
public final class SlowSseUpstream implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    /** The test's stop signal, counted down by {@link #close()}; its timed wait also paces the chunks. */
    private final CountDownLatch closed = new CountDownLatch(1);

    public SlowSseUpstream(int chunks) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < chunks; i++) {
                    out.write(chunk("word" + i + " ").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (i == 0) {
                        released.await(30, TimeUnit.SECONDS);
                    } else if (closed.await(5, TimeUnit.MILLISECONDS)) {
                        return; // the test is over
                    }
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                finished.countDown();
            } catch (IOException e) {
                hungUp.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static String chunk(String text) {
        return "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"slow-1\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Lets the stream go on after its first chunk. */
    public void release() {
        released.countDown();
    }

    /** Whether the gateway hung up before the stream ended. */
    public boolean awaitHangUp(long seconds) throws InterruptedException {
        return hungUp.await(seconds, TimeUnit.SECONDS);
    }

    public boolean finished() {
        return finished.getCount() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
        released.countDown();
        server.stop(0);
    }
}
