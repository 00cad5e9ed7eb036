package dev.aiproxy.providers.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a plain-http upstream over a blocking socket, used by one call at a time on the
 * caller's (virtual) thread. Reads through a buffer of its own, so parsing a response head costs no lock or call per
 * byte. Not thread-safe, except {@link #close}, which any thread may call to cut a call short.
 */
final class Http1Connection {
    private static final int BUFFER = 8192;
    /** A response head (status line and headers) larger than this is not an HTTP answer we accept. */
    private static final int MAX_HEAD = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    /** Whether the current call got any byte back: a kept-alive connection that got none was stale. */
    private boolean answered;
    /** When it was last put back in the pool, by {@link System#nanoTime}. */
    long idleSince;

    private Http1Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A connect that took longer than allowed. */
    static final class ConnectTimeoutException extends IOException {
        ConnectTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An answer whose status line and headers took longer than allowed. */
    static final class FirstByteTimeoutException extends IOException {
        FirstByteTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The status line and headers of an answer. */
    record Head(int status, boolean http11, Map<String, List<String>> headers) {
        /** Every value of a header, matched without regard to case. */
        List<String> values(String name) {
            List<String> values = new ArrayList<>(1);
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    values.addAll(e.getValue());
                }
            }
            return values;
        }
    }

    static Http1Connection open(InetSocketAddress address, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis(connectTimeout));
            return new Http1Connection(socket);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectTimeoutException("connect timed out", e);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a request: its head, then its body. */
    void send(byte[] head, byte[] body) throws IOException {
        answered = false;
        if (head.length + body.length <= 16 * 1024) {
            // one write, one segment: the upstream sees the whole request at once
            byte[] whole = new byte[head.length + body.length];
            System.arraycopy(head, 0, whole, 0, head.length);
            System.arraycopy(body, 0, whole, head.length, body.length);
            out.write(whole);
        } else {
            out.write(head);
            out.write(body);
        }
        out.flush();
    }

    /**
     * Reads the answer's status line and headers, skipping interim (1xx) answers, waiting at most {@code firstByte}.
     *
     * @throws FirstByteTimeoutException when the head did not arrive in time
     * @throws IOException when the upstream closed the connection or sent something that is not an HTTP/1.x answer
     */
    Head readHead(Duration firstByte) throws IOException {
        socket.setSoTimeout(timeoutMillis(firstByte));
        try {
            int headBytes = 0;
            while (true) {
                String statusLine = line();
                headBytes += statusLine.length();
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
                        || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
                    throw malformed("a status line expected, got \"" + printable(statusLine) + "\"");
                }
                int status = statusCode(statusLine);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                String line;
                while (!(line = line()).isEmpty()) {
                    headBytes += line.length();
                    if (headBytes > MAX_HEAD) {
                        throw malformed("the headers exceed " + MAX_HEAD + " bytes");
                    }
                    int colon = line.indexOf(':');
                    if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                            || line.charAt(colon - 1) == ' ' || line.charAt(colon - 1) == '\t') {
                        throw malformed("not a header line: \"" + printable(line) + "\"");
                    }
                    headers.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>(1))
                            .add(line.substring(colon + 1).strip());
                }
                if (status >= 100 && status < 200) {
                    if (status == 101) {
                        throw malformed("the upstream switched protocols (101), which a POST never asks for");
                    }
                    continue;
                }
                return new Head(status, statusLine.charAt(7) == '1', headers);
            }
        } catch (SocketTimeoutException e) {
            throw new FirstByteTimeoutException("no answer in time", e);
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(0);
            }
        }
    }

    /** Whether the current call got any byte of an answer. */
    boolean answered() {
        return answered;
    }

    /**
     * A line of the answer's head or chunk framing, without its CRLF (a bare LF is accepted).
     *
     * @throws IOException when the connection ends first, or the line is longer than the buffer
     */
    String line() throws IOException {
        int scanned = pos;
        while (true) {
            String line = takeLine(scanned);
            if (line != null) {
                return line;
            }
            if (pos == 0 && limit == buffer.length) {
                throw malformed("a line longer than " + BUFFER + " bytes");
            }
            if (limit == buffer.length) {
                System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            scanned = limit;
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw new EOFException(answered ? "the upstream closed the connection in the middle of a line"
                        : "the upstream closed the connection without answering");
            }
            answered = true;
            limit += n;
        }
    }

    /** The buffered line, if its end is buffered (looked for from {@code scanned} on), without its line break. */
    private String takeLine(int scanned) {
        for (int i = scanned; i < limit; i++) {
            if (buffer[i] == '\n') {
                int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
                String line = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return line;
            }
        }
        return null;
    }

    /**
     * Reads up to {@code len} bytes of a body: what is buffered first, else straight from the socket when the
     * caller's buffer is at least as large as ours.
     *
     * @return the count read, or -1 when the upstream closed the connection
     */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < limit) {
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= BUFFER) {
            return in.read(b, off, len);
        }
        int n = in.read(buffer, 0, BUFFER);
        if (n <= 0) {
            return n;
        }
        pos = 0;
        limit = n;
        return read(b, off, len);
    }

    /**
     * The next line if it is already here, in the buffer or in the socket's receive buffer, else null; never blocks.
     * Nothing buffered is moved, so {@link #position()} and {@link #rewind} can undo what this consumed.
     */
    String lineIfHere() throws IOException {
        int scanned = pos;
        while (true) {
            String line = takeLine(scanned);
            if (line != null) {
                return line;
            }
            scanned = limit;
            int ready = in.available();
            if (ready <= 0 || limit == buffer.length) {
                return null;
            }
            int n = in.read(buffer, limit, Math.min(ready, buffer.length - limit));
            if (n <= 0) {
                return null;
            }
            limit += n;
        }
    }

    /** Where reading stands in the buffer, for {@link #rewind}. */
    int position() {
        return pos;
    }

    /** Goes back to a {@link #position()} taken since the last blocking read. */
    void rewind(int position) {
        pos = position;
    }

    /** Bytes that can be read without blocking, up to {@code max}. */
    int buffered(long max) {
        return (int) Math.min(limit - pos, max);
    }

    /** Whether bytes are left over that no call asked for: then the connection must not be reused. */
    boolean hasLeftovers() {
        return pos < limit;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    private static int statusCode(String statusLine) throws IOException {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("a status line expected, got \"" + printable(statusLine) + "\"");
            }
            status = status * 10 + (c - '0');
        }
        return status;
    }

    static IOException malformed(String what) {
        return new IOException("malformed HTTP answer: " + what);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 80 ? b.append("...").toString() : b.toString();
    }

    private static int timeoutMillis(Duration timeout) {
        long millis = timeout.toMillis();
        // 0 would mean no timeout at all
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}
