package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.GatewayResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Writes a {@link GatewayResponse} to an exchange. A streamed body is written as it arrives; if the client goes
 * away, the write fails and the upstream call is cancelled by closing the body. If the body fails for any other
 * reason once it has begun (the upstream broke off), the body is not ended: {@link Aborted} tells the caller to let
 * the server drop the connection, so the client sees a cut answer as cut, just as it would from the upstream itself.
 */
public final class ResponseWriter {
    private static final System.Logger LOG = System.getLogger(ResponseWriter.class.getName());

    private ResponseWriter() {
    }

    /**
     * A response whose body broke off after its headers were sent. The exchange must not be closed normally, which
     * would end the body as if it were whole; an exception out of the handler makes the JDK server drop the
     * connection instead.
     */
    static final class Aborted extends IOException {
        Aborted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes the whole response; blocks until a streamed body has ended.
     *
     * @throws Aborted when a streamed body failed midway for a reason other than the client going away
     * @throws IOException when the headers or a complete body cannot be written
     */
    public static void write(HttpExchange exchange, GatewayResponse response) throws IOException {
        write(exchange, response, Duration.ZERO);
    }

    /**
     * Writes the whole response, as {@link #write(HttpExchange, GatewayResponse)}; a streamed SSE answer that falls
     * silent for {@code keepalive} gets a comment line ({@link SseOutput}), and a client found gone that way has its
     * upstream call cancelled at once.
     */
    public static void write(HttpExchange exchange, GatewayResponse response, Duration keepalive) throws IOException {
        write(exchange, response, keepalive, null, null);
    }

    /**
     * Writes the whole response, as {@link #write(HttpExchange, GatewayResponse, Duration)}; a streamed SSE answer is
     * tracked by {@code drain} while it is written, so a stopping server can end it with an error event in
     * {@code format}.
     *
     * @param drain tracks the streamed answers, or null
     * @param format the client's format, for the error event that ends a stream early; null when {@code drain} is
     * @throws Aborted also when the server ended the stream in the middle of an event
     */
    static void write(HttpExchange exchange, GatewayResponse response, Duration keepalive, Drain drain,
            ApiFormat format) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        switch (response.body()) {
            case GatewayResponse.Bytes bytes -> {
                exchange.sendResponseHeaders(response.status(), bytes.data().length == 0 ? -1 : bytes.data().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes.data());
                }
            }
            case GatewayResponse.Streamed streamed -> writeStreamed(exchange, response, streamed, keepalive, drain,
                    format);
        }
    }

    private static void writeStreamed(HttpExchange exchange, GatewayResponse response,
            GatewayResponse.Streamed streamed, Duration keepalive, Drain drain, ApiFormat format) throws IOException {
        SseOutput sse = null;
        Runnable untrack = () -> { };
        try (streamed) {
            long length = streamed.length();
            exchange.sendResponseHeaders(response.status(), length > 0 ? length : 0);
            OutputStream out = exchange.getResponseBody();
            boolean isSse = response.contentType().startsWith("text/event-stream");
            if (isSse && (!keepalive.isZero() || drain != null)) {
                sse = SseOutput.start(out, keepalive, streamed::close);
                if (drain != null) {
                    untrack = drain.track(sse, format, streamed::close);
                }
            }
            try {
                writeBody(streamed, sse != null ? sse : out);
            } finally {
                if (sse != null) {
                    sse.stop();
                }
                untrack.run();
            }
            out.close();
        } catch (IOException e) {
            SseOutput.Ending ending = sse == null ? SseOutput.Ending.NONE : sse.ending();
            if (ending == SseOutput.Ending.CUT) {
                throw new Aborted("the server ended the stream in the middle of an event", e);
            }
            if (ending == SseOutput.Ending.WITH_EVENT) {
                // the body then failed as its upstream call was cancelled: the error event is its end
                LOG.log(System.Logger.Level.DEBUG, () -> "stream ended with an error event: the server is stopping");
                return;
            }
            if (e instanceof Aborted) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "client went away during a streamed answer, "
                    + "upstream call cancelled: " + e.getMessage());
        }
    }

    private static void writeBody(GatewayResponse.Streamed streamed, OutputStream out) throws IOException {
        try {
            streamed.writeTo(out);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "answer cut off midway, dropping the client connection: "
                    + e.getMessage());
            throw new Aborted("the answer broke off midway: " + e.getMessage(), e);
        }
    }
}
