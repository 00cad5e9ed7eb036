package dev.aiproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fast local fake of the OpenAI Chat, Anthropic Messages and Gemini generateContent APIs, JSON and SSE, for the
 * overhead benchmark. A minimal HTTP/1.1 keep-alive server over blocking sockets, one thread per connection
 * (platform threads by default: with at most a few thousand connections a blocked read costs one system call and no
 * poller round trip, which measured faster than virtual threads here). Requests are not parsed beyond the request
 * line and three headers; answers are pre-built byte arrays, written with one system call (streams: one per event).
 *
 * <p>Which answer: the path says the format ({@code /chat/completions}, {@code /v1/messages},
 * {@code :generateContent} / {@code :streamGenerateContent}); {@code Accept: text/event-stream} (or
 * {@code :streamGenerateContent}) says SSE. Paths under {@code /slow/} stream with a pause between events, to hold
 * many streams open at once; OpenAI streams under {@code /real/} are shaped like the real API's (one word a chunk,
 * the usage in a chunk of its own: {@link FakeBodies}). {@code GET /stats} reports connections accepted, requests,
 * and streams open now and at most; {@code GET /stats?reset} also resets the peak.
 *
 * <p>Usage: {@code FakeUpstream PORT [--virtual] [--slow-ms N]}; prints {@code listening PORT} when ready.
 */
public final class FakeUpstream {
    private static final byte[] STATS_PATH = "/stats".getBytes(StandardCharsets.US_ASCII);

    private final FakeBodies bodies = new FakeBodies();
    private final LongAdder connections = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger peakStreams = new AtomicInteger();
    private final long slowMillis;

    private FakeUpstream(long slowMillis) {
        this.slowMillis = slowMillis;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        boolean virtual = false;
        long slow = 40;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--virtual" -> virtual = true;
                case "--slow-ms" -> slow = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new FakeUpstream(slow).serve(port, virtual);
    }

    private void serve(int port, boolean virtual) throws IOException {
        Thread.Builder threads = virtual ? Thread.ofVirtual().name("fake-", 0) : Thread.ofPlatform().daemon()
                .stackSize(256 * 1024).name("fake-", 0);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
            System.out.println("listening " + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                connections.increment();
                threads.start(() -> connection(socket));
            }
        }
    }

    private void connection(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            int have = 0;
            while (true) {
                int end;
                while ((end = headerEnd(buf, have)) < 0) {
                    if (have == buf.length) {
                        return;
                    }
                    int n = in.read(buf, have, buf.length - have);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                }
                Request r = parse(buf, end);
                // choose the answer now: reading the body below may overwrite the request line in buf
                Answer answer = choose(r);
                long remaining = r.contentLength;
                int consumed = end;
                long inBuffer = Math.min(remaining, have - consumed);
                consumed += (int) inBuffer;
                remaining -= inBuffer;
                while (remaining > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                    if (n < 0) {
                        return;
                    }
                    remaining -= n;
                    consumed = 0;
                    have = 0;
                }
                if (consumed > 0) {
                    System.arraycopy(buf, consumed, buf, 0, have - consumed);
                    have -= consumed;
                }
                requests.increment();
                write(answer, out);
                if (r.close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away: nothing to do for a fake
        }
    }

    private record Request(int pathStart, int pathEnd, byte[] raw, long contentLength, boolean sse, boolean close) {
        boolean pathEndsWith(String s) {
            int len = s.length();
            int q = queryStart();
            if (q - pathStart < len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (raw[q - len + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean pathContains(String s) {
            outer:
            for (int i = pathStart; i + s.length() <= pathEnd; i++) {
                for (int j = 0; j < s.length(); j++) {
                    if (raw[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        boolean pathStartsWith(byte[] s) {
            if (pathEnd - pathStart < s.length) {
                return false;
            }
            for (int i = 0; i < s.length; i++) {
                if (raw[pathStart + i] != s[i]) {
                    return false;
                }
            }
            return true;
        }

        int queryStart() {
            for (int i = pathStart; i < pathEnd; i++) {
                if (raw[i] == '?') {
                    return i;
                }
            }
            return pathEnd;
        }
    }

    private static int headerEnd(byte[] b, int have) {
        for (int i = 3; i < have; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static Request parse(byte[] b, int end) {
        int sp1 = 0;
        while (b[sp1] != ' ') {
            sp1++;
        }
        int sp2 = sp1 + 1;
        while (b[sp2] != ' ') {
            sp2++;
        }
        long length = 0;
        boolean sse = false;
        boolean close = false;
        int line = sp2;
        while (b[line] != '\n') {
            line++;
        }
        line++;
        while (line < end - 2) {
            int eol = line;
            while (b[eol] != '\r') {
                eol++;
            }
            if (startsWithIgnoreCase(b, line, "content-length:")) {
                length = parseLong(b, line + 15, eol);
            } else if (startsWithIgnoreCase(b, line, "accept:")) {
                sse = contains(b, line + 7, eol, "event-stream");
            } else if (startsWithIgnoreCase(b, line, "connection:")) {
                close = contains(b, line + 11, eol, "close");
            }
            line = eol + 2;
        }
        return new Request(sp1 + 1, sp2, b, length, sse, close);
    }

    /** What to write: one array, or a stream of chunks (slowly when {@code slow}). */
    private record Answer(byte[] whole, byte[][] stream, boolean slow) {
    }

    private Answer choose(Request r) {
        if (r.pathStartsWith(STATS_PATH)) {
            return new Answer(stats(r.queryStart() < r.pathEnd), null, false);
        } else if (r.pathEndsWith("/chat/completions")) {
            return pick(r, bodies.openAiJson, r.pathStartsWith(REAL) ? bodies.openAiProviderStream : bodies.openAiStream,
                    r.sse);
        } else if (r.pathEndsWith("/v1/messages")) {
            return pick(r, bodies.anthropicJson, bodies.anthropicStream, r.sse);
        } else if (r.pathContains(":streamGenerateContent")) {
            return pick(r, bodies.geminiJson, bodies.geminiStream, true);
        } else if (r.pathContains(":generateContent")) {
            return pick(r, bodies.geminiJson, bodies.geminiStream, r.sse);
        }
        return new Answer(bodies.notFound, null, false);
    }

    private Answer pick(Request r, byte[] json, byte[][] stream, boolean sse) {
        if (!sse) {
            return new Answer(json, null, false);
        }
        return new Answer(null, stream, r.pathStartsWith(SLOW));
    }

    private void write(Answer a, OutputStream out) throws IOException, InterruptedException {
        if (a.whole != null) {
            out.write(a.whole);
            return;
        }
        byte[][] stream = a.stream;
        boolean slow = a.slow;
        if (slow) {
            peakStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
        }
        try {
            for (byte[] chunk : stream) {
                if (slow) {
                    Thread.sleep(slowMillis);
                }
                out.write(chunk);
            }
        } finally {
            if (slow) {
                openStreams.decrementAndGet();
            }
        }
    }

    private static final byte[] SLOW = "/slow/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REAL = "/real/".getBytes(StandardCharsets.US_ASCII);

    private byte[] stats(boolean reset) {
        String body = "{\"connections\":" + connections.sum() + ",\"requests\":" + requests.sum()
                + ",\"open_streams\":" + openStreams.get() + ",\"peak_streams\":" + peakStreams.get() + "}";
        if (reset) {
            peakStreams.set(openStreams.get());
        }
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.toLowerCase(b[at + i]) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, int from, int to, String s) {
        outer:
        for (int i = from; i + s.length() <= to; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (Character.toLowerCase(b[i + j]) != s.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static long parseLong(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i] - '0');
            }
        }
        return v;
    }
}
