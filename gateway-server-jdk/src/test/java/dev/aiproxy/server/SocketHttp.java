package dev.aiproxy.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} will not send: a {@code Host} of the test's choosing, a
 * body cut short, a bad chunk size, control characters in a header value. One connection; requests on it are kept
 * alive until the server closes it.
 */
final class SocketHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SocketHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one whole request: {@code head} is the request line and header lines, without the blank line. */
    static RawHttp.Response exchange(int port, String head, String body) throws IOException {
        try (SocketHttp http = new SocketHttp(port)) {
            http.send(head, body);
            return http.read();
        }
    }

    /** Writes a request; a non-empty body gets its {@code Content-Length} unless the head has a framing header. */
    void send(String head, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        boolean framed = lower.contains("\ncontent-length:") || lower.contains("\ntransfer-encoding:");
        String request = head + "\r\n" + (framed || bytes.length == 0 ? "" : "Content-Length: " + bytes.length + "\r\n")
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** Writes raw bytes as they are. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Tells the server this side sends nothing more (a half-close): it may still answer. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads one response, framed by its {@code Content-Length} or chunked.
     *
     * @throws EOFException when the server closed the connection before a status line
     */
    RawHttp.Response read() throws IOException {
        String status = line();
        if (status == null) {
            throw new EOFException("the server closed the connection");
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("Content-Length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("Content-Length").getFirst()));
        } else if (headers.containsKey("Transfer-Encoding")) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line().trim(), 16)) > 0) {
                chunks.writeBytes(in.readNBytes(size));
                line();
            }
            line();
            body = chunks.toByteArray();
        } else {
            body = new byte[0];
        }
        return new RawHttp.Response(code, headers, new String(body, StandardCharsets.UTF_8), body);
    }

    /** Whether the server closed the connection: the next read sees its end (or a reset). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
