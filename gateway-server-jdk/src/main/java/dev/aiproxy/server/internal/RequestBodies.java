package dev.aiproxy.server.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RequestTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON request bodies: refuses one not declared {@code application/json}, and any larger than the limit, before
 * reading it when the length is declared.
 */
public final class RequestBodies {
    private static final System.Logger LOG = System.getLogger(RequestBodies.class.getName());
    private static final String JSON = "application/json";

    private RequestBodies() {
    }

    /**
     * @throws UnsupportedMediaType when the body is not declared JSON
     * @throws RequestTooLargeException when the body exceeds {@code maxBytes}
     * @throws InvalidRequestException when the body is empty, broke off, or cannot be read (a bad chunk size); the
     *     connection is then closed after the answer
     */
    public static byte[] read(HttpExchange exchange, long maxBytes) {
        return read(exchange, maxBytes, List.of(JSON));
    }

    /**
     * A body declared as one of {@code mediaTypes} (the first is the one named when another is sent), such as a YAML
     * file.
     *
     * @throws UnsupportedMediaType when the body is declared as another type
     * @throws RequestTooLargeException when the body exceeds {@code maxBytes}
     * @throws InvalidRequestException when the body is empty, broke off, or cannot be read
     */
    public static byte[] read(HttpExchange exchange, long maxBytes, List<String> mediaTypes) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (mediaTypes.stream().noneMatch(accepted -> declares(type, accepted))) {
            throw new UnsupportedMediaType(type, mediaTypes.getFirst());
        }
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
        // Not closed here: a body read to its end needs no close, and closing one that broke off would first try to
        // drain the rest, which may never come. The exchange's close drains or drops the connection after the answer.
        InputStream in = exchange.getRequestBody();
        try {
            body = length >= 0 && length <= Integer.MAX_VALUE - 16 ? readDeclared(in, (int) length)
                    : readUpTo(in, maxBytes);
        } catch (BrokenBody e) {
            throw refuse(exchange, "the request body broke off: the client sent " + e.received + " of the " + length
                    + " bytes its Content-Length announced", e.getCause());
        } catch (IOException e) {
            throw refuse(exchange, "the request body could not be read: " + e.getMessage(), e);
        }
        if (body.length == 0) {
            throw new InvalidRequestException("the request body is empty; expected "
                    + (mediaTypes.getFirst().equals(JSON) ? "a JSON object" : mediaTypes.getFirst()));
        }
        return body;
    }

    /**
     * Whether a Content-Type declares the media type (parameters such as {@code charset} allowed). A client API
     * refuses a body not declared {@code application/json}: every SDK
     * declares it; a browser sends {@code text/plain}, a form type or none across sites without asking first, but must
     * ask (a CORS preflight, which only allowed origins pass) before it may send JSON.
     */
    private static boolean declares(String type, String mediaType) {
        int n = mediaType.length();
        return type != null && type.regionMatches(true, 0, mediaType, 0, n)
                && (type.length() == n || type.charAt(n) == ';' || type.charAt(n) == ' ' || type.charAt(n) == '\t');
    }

    /** HTTP 415: the body is not declared as the type expected (JSON, for every client API). */
    public static final class UnsupportedMediaType extends GatewayException {
        UnsupportedMediaType(String type, String expected) {
            super(415, ErrorType.INVALID_REQUEST, "the body must be " + (expected.equals(JSON) ? "JSON" : expected)
                    + ", sent with 'Content-Type: " + expected + "'; got "
                    + (type == null ? "no Content-Type" : "'" + (type.length() > 100 ? type.substring(0, 100) + "..."
                    : type) + "'"), "unsupported_media_type", null, null, null);
        }
    }

    /**
     * A body the client broke off or framed wrongly is its own fault, not the gateway's: a 400 in its format, one
     * quiet log line, and the connection closed after the answer, since what follows cannot be read as a request.
     */
    private static InvalidRequestException refuse(HttpExchange exchange, String message, Throwable cause) {
        exchange.getResponseHeaders().set("Connection", "close");
        LOG.log(System.Logger.Level.DEBUG, () -> exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                + ": " + message + (message.contains(String.valueOf(cause.getMessage())) ? ""
                : " (" + cause.getMessage() + ")") + "; answered 400, closing the connection");
        return new InvalidRequestException(message, null, cause);
    }

    /**
     * A body of declared length, read into one array of exactly that size: no growing buffers and no final copy,
     * which on a small chat request were most of what the request path allocated. The server's stream ends at the
     * declared length, and fails when the connection ends before it.
     *
     * @throws BrokenBody when the connection ended before the declared length
     */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int n = 0;
        try {
            while (n < length) {
                int read = in.read(body, n, length - n);
                if (read < 0) {
                    break;
                }
                n += read;
            }
        } catch (IOException e) {
            throw new BrokenBody(n, e);
        }
        // Reading the end too spares the close a drain, which allocates a skip buffer even when nothing is left.
        in.read();
        return n == length ? body : Arrays.copyOf(body, n);
    }

    /** A declared-length body that ended early: how much of it came. */
    private static final class BrokenBody extends IOException {
        final int received;

        BrokenBody(int received, IOException cause) {
            super(cause.getMessage(), cause);
            this.received = received;
        }
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
