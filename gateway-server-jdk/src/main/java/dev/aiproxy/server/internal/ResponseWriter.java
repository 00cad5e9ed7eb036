package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.routing.GatewayResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@link GatewayResponse} to an exchange. A streamed body is written as it arrives; if the client goes
 * away, the write fails and the upstream call is cancelled by closing the body.
 */
public final class ResponseWriter {
    private static final System.Logger LOG = System.getLogger(ResponseWriter.class.getName());

    private ResponseWriter() {
    }

    /** Writes the whole response; blocks until a streamed body has ended. */
    public static void write(HttpExchange exchange, GatewayResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        switch (response.body()) {
            case GatewayResponse.Bytes bytes -> {
                exchange.sendResponseHeaders(response.status(), bytes.data().length == 0 ? -1 : bytes.data().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes.data());
                }
            }
            case GatewayResponse.Streamed streamed -> {
                try (streamed) {
                    long length = streamed.length();
                    exchange.sendResponseHeaders(response.status(), length > 0 ? length : 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        streamed.writeTo(out);
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "client went away during a streamed answer, "
                            + "upstream call cancelled: " + e.getMessage());
                }
            }
        }
    }
}
