package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RequestTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads JSON request bodies: refuses one not declared {@code application/json}, and any larger than the limit, before
 * reading it when the length is declared.
 */
public final class RequestBodies {
    private static final String JSON = "application/json";

    private RequestBodies() {
    }

    /**
     * @throws UnsupportedMediaType when the body is not declared JSON
     * @throws RequestTooLargeException when the body exceeds {@code maxBytes}
     * @throws InvalidRequestException when the body is empty
     */
    public static byte[] read(HttpExchange exchange, long maxBytes) {
        requireJson(exchange.getRequestHeaders().getFirst("Content-Type"));
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Content-Length is not a number: \"" + declared + "\"");
            }
            if (length > maxBytes) {
                throw new RequestTooLargeException(length, maxBytes);
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = length >= 0 && length <= Integer.MAX_VALUE - 16 ? readDeclared(in, (int) length)
                    : readUpTo(in, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
        if (body.length == 0) {
            throw new InvalidRequestException("the request body is empty; expected a JSON object");
        }
        return body;
    }

    /**
     * Refuses a body not declared {@code application/json} (parameters such as {@code charset} allowed). Every SDK
     * declares it; a browser sends {@code text/plain}, a form type or none across sites without asking first, but must
     * ask (a CORS preflight, which only allowed origins pass) before it may send JSON.
     */
    private static void requireJson(String type) {
        int n = JSON.length();
        if (type == null || !type.regionMatches(true, 0, JSON, 0, n)
                || type.length() > n && type.charAt(n) != ';' && type.charAt(n) != ' ' && type.charAt(n) != '\t') {
            throw new UnsupportedMediaType(type);
        }
    }

    /** HTTP 415: the body is not declared JSON. */
    public static final class UnsupportedMediaType extends GatewayException {
        UnsupportedMediaType(String type) {
            super(415, ErrorType.INVALID_REQUEST, "the body must be JSON, sent with 'Content-Type: " + JSON + "'; got "
                    + (type == null ? "no Content-Type" : "'" + (type.length() > 100 ? type.substring(0, 100) + "..."
                    : type) + "'"), "unsupported_media_type", null, null, null);
        }
    }

    /**
     * A body of declared length, read into one array of exactly that size: no growing buffers and no final copy,
     * which on a small chat request were most of what the request path allocated. The server's stream ends at the
     * declared length, so a short body shows as fewer bytes, never as a read past it.
     */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int n = in.readNBytes(body, 0, length);
        // Reading the end too spares the close a drain, which allocates a skip buffer even when nothing is left.
        in.read();
        return n == length ? body : Arrays.copyOf(body, n);
    }

    /** A chunked body: read until the end, refused once it passes the limit. */
    private static byte[] readUpTo(InputStream in, long maxBytes) throws IOException {
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] body = in.readNBytes(cap + 1);
        if (body.length > cap) {
            throw new RequestTooLargeException(-1, maxBytes);
        }
        return body;
    }
}
