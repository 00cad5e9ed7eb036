package dev.aiproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A minimal HTTP/1.1 client connection over a blocking socket, for measuring streams without a client library in the
 * way: it sends a pre-built request and reads the answer, noting when the first body chunk and the last one arrived.
 * Understands Content-Length and chunked bodies. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
    /** One answer: status, when the first and last body bytes arrived (nanoTime), and how many SSE data lines. */
    record Answer(int status, long firstNanos, long lastNanos, int dataLines, long bodyBytes) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** How much of "\ndata:" the body bytes seen so far end with; a body starts as if after a newline. */
    private int match;
    private static final byte[] DATA_LINE = "\ndata:".getBytes(StandardCharsets.US_ASCII);

    RawHttp(String host, int port, int soTimeoutMillis) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(soTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A POST request's bytes, with the given extra headers ("Name: value"). */
    static byte[] post(URI uri, byte[] body, List<String> headers, boolean close) {
        StringBuilder sb = new StringBuilder(256).append("POST ").append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        }
        byte[] head = sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static byte[] readBody(String file) throws IOException {
        return Files.readAllBytes(Path.of(file));
    }

    /** Sends one request and reads its whole answer. */
    Answer exchange(byte[] request) throws IOException {
        out.write(request);
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase();
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        match = 1;
        long first = 0;
        long last;
        int dataLines = 0;
        long bytes = 0;
        if (chunked) {
            while (true) {
                int size = Integer.parseInt(line().trim().split(";")[0], 16);
                if (size == 0) {
                    line();
                    last = System.nanoTime();
                    break;
                }
                dataLines += skip(size);
                if (first == 0) {
                    first = System.nanoTime();
                }
                bytes += size;
                line();
            }
        } else if (length >= 0) {
            dataLines += skip(length);
            first = last = System.nanoTime();
            bytes = length;
        } else {
            throw new IOException("answer without a length: " + status);
        }
        return new Answer(code, first, last, dataLines, bytes);
    }

    /** Skips n body bytes, counting lines that start with "data:", also when one spans reads or chunks. */
    private int skip(long n) throws IOException {
        int data = 0;
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new IOException("connection closed in a body");
            }
            int take = (int) Math.min(n, limit - pos);
            for (int i = pos; i < pos + take; i++) {
                byte b = buf[i];
                if (b == DATA_LINE[match]) {
                    if (++match == DATA_LINE.length) {
                        data++;
                        match = 0;
                    }
                } else {
                    match = b == '\n' ? 1 : 0;
                }
            }
            pos += take;
            n -= take;
        }
        return data;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == limit && !fill()) {
                throw new IOException("connection closed in a line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
