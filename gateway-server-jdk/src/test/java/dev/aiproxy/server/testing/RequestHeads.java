package dev.aiproxy.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What the raw-socket fake upstreams read of a request: its head, and the body length it declares. */
public final class RequestHeads {
    private RequestHeads() {
    }

    /** The request line and headers, up to and with the blank line; null when the connection ends first. */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == '\r' && (matched == 0 || matched == 2) || b == '\n' && (matched == 1 || matched == 3)
                    ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** The {@code Content-Length} a head declares; 0 without one, or without a head. */
    public static long contentLength(String head) {
        if (head == null) {
            return 0;
        }
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }
}
