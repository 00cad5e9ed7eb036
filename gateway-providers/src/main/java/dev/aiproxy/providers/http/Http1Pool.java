package dev.aiproxy.providers.http;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls plain-http upstreams over HTTP/1.1 on blocking sockets, on the caller's own (virtual) thread, keeping
 * connections alive between calls, per origin. A blocked read is one system call that parks the virtual thread; there
 * is no selector thread, no hand-off and no future per call, which is most of what the JDK's asynchronous client
 * costs (docs/performance.md has the figures). Thread-safe.
 *
 * <p>A kept-alive connection the upstream closed while it sat idle fails the next call before any byte of an answer
 * arrives; that call is then sent again once on a new connection, as other HTTP clients do. Connections idle for
 * longer than {@link #MAX_IDLE} are not reused.
 */
final class Http1Pool implements AutoCloseable {
    /** Idle connections older than this are closed rather than reused: servers close theirs after a while. */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);
    /** Idle connections kept per origin; more are closed when their call ends. */
    private static final int MAX_IDLE_PER_ORIGIN = 256;
    /** Past this many distinct URLs the origin of each is looked up by host and port instead of remembered. */
    private static final int MAX_URIS = 1024;

    private final Duration connectTimeout;
    private final ConcurrentMap<String, Origin> origins = new ConcurrentHashMap<>();
    private final ConcurrentMap<URI, Origin> byUri = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Http1Pool(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends a call and returns when the answer's status line and headers have arrived; the body streams from the
     * result, and reading it to its end frees the connection for the next call.
     *
     * @throws Http1Connection.ConnectTimeoutException when connecting takes longer than the connect timeout
     * @throws Http1Connection.FirstByteTimeoutException when the head takes longer than {@code firstByte}
     * @throws IOException when the upstream cannot be reached or does not answer in HTTP/1.x
     */
    UpstreamResponse send(UpstreamCall call, Duration firstByte) throws IOException {
        Origin origin = origin(call.uri());
        byte[] head = head(call, origin);
        while (true) {
            Http1Connection connection = origin.take();
            boolean reused = connection != null;
            if (!reused) {
                connection = Http1Connection.open(new InetSocketAddress(origin.host, origin.port), connectTimeout);
            }
            try {
                connection.send(head, call.body());
                return answer(connection, origin, connection.readHead(firstByte));
            } catch (IOException | RuntimeException e) {
                connection.close();
                if (reused && !connection.answered() && !(e instanceof Http1Connection.FirstByteTimeoutException)) {
                    continue; // the upstream had closed this kept-alive connection: send again on a new one
                }
                throw e;
            }
        }
    }

    private static UpstreamResponse answer(Http1Connection connection, Origin origin, Http1Connection.Head head)
            throws IOException {
        boolean keepAlive = head.http11() && !hasToken(head.values("connection"), "close");
        List<String> codings = head.values("transfer-encoding");
        List<String> lengths = head.values("content-length");
        Http1Body body;
        if (head.status() == 204 || head.status() == 304) {
            body = new Http1Body(connection, origin, Http1Body.Framing.LENGTH, 0, keepAlive);
        } else if (!codings.isEmpty()) {
            // a length next to chunking is ignored, and the connection not trusted for another call
            boolean chunked = lastCoding(codings).equalsIgnoreCase("chunked");
            body = new Http1Body(connection, origin, chunked ? Http1Body.Framing.CHUNKED
                    : Http1Body.Framing.UNTIL_CLOSE, 0, keepAlive && lengths.isEmpty());
        } else if (!lengths.isEmpty()) {
            body = new Http1Body(connection, origin, Http1Body.Framing.LENGTH, length(lengths), keepAlive);
        } else {
            body = new Http1Body(connection, origin, Http1Body.Framing.UNTIL_CLOSE, 0, false);
        }
        return new UpstreamResponse(head.status(), head.headers(), body);
    }

    private static long length(List<String> values) throws IOException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                long parsed;
                try {
                    parsed = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    parsed = -1;
                }
                if (parsed < 0 || length >= 0 && parsed != length) {
                    throw Http1Connection.malformed("an invalid Content-Length \"" + value + "\"");
                }
                length = parsed;
            }
        }
        return length;
    }

    private static String lastCoding(List<String> codings) {
        String last = codings.getLast();
        int comma = last.lastIndexOf(',');
        return (comma < 0 ? last : last.substring(comma + 1)).strip();
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] head(UpstreamCall call, Origin origin) {
        URI uri = call.uri();
        String path = uri.getRawPath();
        StringBuilder head = new StringBuilder(256).append(call.method()).append(' ')
                .append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(origin.hostHeader).append("\r\n");
        if (call.hasBody()) {
            head.append("Content-Length: ").append(call.body().length).append("\r\n");
        }
        for (UpstreamCall.Header header : call.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Origin origin(URI uri) {
        Origin origin = byUri.get(uri);
        if (origin == null) {
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            origin = origins.computeIfAbsent(host.toLowerCase(Locale.ROOT) + ":" + port, k -> new Origin(host, port));
            if (byUri.size() < MAX_URIS) {
                byUri.putIfAbsent(uri, origin);
            }
        }
        return origin;
    }

    /** Closes the idle connections; calls in flight finish, and their connections close when they end. */
    @Override
    public void close() {
        closed = true;
        origins.values().forEach(Origin::closeIdle);
    }

    /** One host and port, with its idle connections, most recently used first. */
    final class Origin {
        private final String host;
        private final int port;
        private final String hostHeader;
        private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
        private final AtomicInteger idleCount = new AtomicInteger();

        private Origin(String host, int port) {
            // an IPv6 literal comes bracketed from URI.getHost(): the Host header keeps the brackets, a socket not
            this.host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            this.port = port;
            this.hostHeader = port == 80 ? host : host + ":" + port;
        }

        /** An idle connection that is young enough, or null. */
        private Http1Connection take() {
            Http1Connection connection;
            while ((connection = idle.pollFirst()) != null) {
                idleCount.decrementAndGet();
                if (System.nanoTime() - connection.idleSince < MAX_IDLE.toNanos()) {
                    return connection;
                }
                connection.close();
            }
            return null;
        }

        /** A connection whose answer was read whole, back for the next call. */
        void release(Http1Connection connection) {
            if (closed || idleCount.incrementAndGet() > MAX_IDLE_PER_ORIGIN) {
                if (!closed) {
                    idleCount.decrementAndGet();
                }
                connection.close();
                return;
            }
            connection.idleSince = System.nanoTime();
            idle.offerFirst(connection);
            if (closed) {
                closeIdle(); // closed while this one was coming back
            }
        }

        private void closeIdle() {
            Http1Connection connection;
            while ((connection = idle.pollFirst()) != null) {
                idleCount.decrementAndGet();
                connection.close();
            }
        }
    }
}
