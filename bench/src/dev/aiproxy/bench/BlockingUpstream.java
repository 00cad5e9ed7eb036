package dev.aiproxy.bench;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * An experiment, not the gateway's client: plain-http HTTP/1.1 upstream calls over blocking sockets with a pool of
 * kept-alive connections, run on the calling virtual thread, for the relay's {@code -Drelay.client=blocking}. It
 * measures how much of the transport's floor is java.net.http.HttpClient's asynchronous machinery. No TLS, proxies,
 * timeouts or retries.
 */
final class BlockingUpstream {
    private final String host;
    private final int port;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
    }

    BlockingUpstream(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** Sends the request and relays the answer to the exchange as it arrives. */
    void relay(HttpExchange exchange, String method, String path, byte[] body, String type, String accept)
            throws IOException {
        Connection c = idle.pollFirst();
        if (c == null) {
            c = new Connection(host, port);
        }
        boolean reusable = false;
        try {
            StringBuilder head = new StringBuilder(200).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                    .append("\r\nContent-Length: ").append(body.length).append("\r\n");
            if (type != null) {
                head.append("Content-Type: ").append(type).append("\r\n");
            }
            if (accept != null) {
                head.append("Accept: ").append(accept).append("\r\n");
            }
            byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            c.out.write(all);
            String status = line(c.in);
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String line;
            while (!(line = line(c.in)).isEmpty()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("content-type")) {
                    exchange.getResponseHeaders().set("Content-Type", value);
                } else if (name.equalsIgnoreCase("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            byte[] buffer = new byte[8192];
            if (!chunked) {
                exchange.sendResponseHeaders(code, length > 0 ? length : -1);
                try (OutputStream out = exchange.getResponseBody()) {
                    copy(c.in, out, length, buffer);
                }
            } else {
                exchange.sendResponseHeaders(code, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    int size;
                    while ((size = Integer.parseInt(line(c.in).trim(), 16)) > 0) {
                        copy(c.in, out, size, buffer);
                        line(c.in);
                        out.flush();
                    }
                    line(c.in);
                }
            }
            reusable = !close;
        } finally {
            if (reusable) {
                idle.offerFirst(c);
            } else {
                c.socket.close();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n, byte[] buffer) throws IOException {
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("upstream closed in a body");
            }
            out.write(buffer, 0, r);
            n -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("upstream closed in a line");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
