package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RequestTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies, refusing any larger than the limit before reading it when the length is declared. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * @throws RequestTooLargeException when the body exceeds {@code maxBytes}
     * @throws InvalidRequestException when the body is empty
     */
    public static byte[] read(HttpExchange exchange, long maxBytes) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > maxBytes) {
                    throw new RequestTooLargeException(length, maxBytes);
                }
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Content-Length is not a number: \"" + declared + "\"");
            }
        }
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(cap + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
        if (body.length > cap) {
            throw new RequestTooLargeException(-1, maxBytes);
        }
        if (body.length == 0) {
            throw new InvalidRequestException("the request body is empty; expected a JSON object");
        }
        return body;
    }
}
