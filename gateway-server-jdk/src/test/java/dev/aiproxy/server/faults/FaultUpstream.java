package dev.aiproxy.server.faults;

import dev.aiproxy.server.testing.RequestHeads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream that misbehaves on purpose, one way per path: {@code /<fault>/v1/chat/completions}
 * answers as {@link Fault} says. It speaks HTTP/1.1 on raw sockets, so it can do what no well-behaved server does:
 * reset, hang, drip, lie about its length, stream without end. Every loop is bounded: by the gateway hanging up, by
 * a byte budget, or by {@link #close()}. Loopback only.
 */
public final class FaultUpstream implements AutoCloseable {
    /** A whole, well-formed OpenAI chat completion. */
    static final String COMPLETION = "{\"id\":\"chatcmpl-f\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"fine\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":1,\"total_tokens\":4}}";
    /** The beginning of an OpenAI chat stream: a role and some text, no end. */
    static final String STREAM_BEGINNING = chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}")
            + chunk("{\"content\":\"lo\"}");
    /** How many bytes an endless answer may send before it gives up by itself. */
    private static final long ENDLESS_BUDGET = 512L * 1024 * 1024;

    /** What the upstream does, by the first segment of the request's path. */
    enum Fault {
        /** A whole, normal answer: streamed or not, as asked. */
        OK,
        /** 200 with a body that is not JSON. */
        GARBAGE_JSON,
        /** 200 with a JSON answer cut in the middle, ended by closing the connection. */
        TRUNCATED_JSON,
        /** 502 with an HTML page, as a load balancer sends. */
        HTML_502,
        /** 429 with {@code Retry-After: 7}. */
        RATE_LIMITED,
        /** The connection reset (RST) after the request is read. */
        RESET,
        /** The request read, then nothing, until the gateway hangs up. */
        HANG,
        /** A stream's beginning, then the connection closed without its end. */
        STOP_MIDWAY,
        /** A stream's beginning, then a clean end of the body without {@code [DONE]}. */
        CUT_SHORT,
        /** A stream whose event is not JSON, then a clean end. */
        MALFORMED_SSE,
        /** A stream that never ends: events as fast as the gateway takes them. */
        ENDLESS_STREAM,
        /** One {@code data:} line that never ends: no newline, no blank line, ever. */
        ENDLESS_LINE,
        /** The whole answer, one byte every few milliseconds. */
        DRIP,
        /** {@code Content-Length: 60000000}, a few bytes, then silence. */
        HUGE_DECLARED,
        /** A JSON answer far larger than any answer may be, streamed without a declared length. */
        HUGE_BODY
    }

    private final ServerSocket server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger hangUps = new AtomicInteger();

    public FaultUpstream() throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fault-upstream").start(this::acceptAll);
    }

    /** The base URL of one fault's OpenAI-compatible API. */
    public String baseUrl(Fault fault) {
        return "http://127.0.0.1:" + server.getLocalPort() + "/" + fault.name().toLowerCase(Locale.ROOT) + "/v1";
    }

    /** How many endless or hanging answers the gateway has hung up on so far. */
    public int hangUps() {
        return hangUps.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closedServer) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = RequestHeads.read(in);
            if (head == null) {
                return;
            }
            String body = new String(in.readNBytes((int) RequestHeads.contentLength(head)), StandardCharsets.UTF_8);
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            Fault fault = Fault.valueOf(path.split("/")[1].toUpperCase(Locale.ROOT));
            boolean stream = body.replace(" ", "").contains("\"stream\":true");
            answer(fault, stream, socket, in, socket.getOutputStream());
        } catch (IOException | InterruptedException gone) {
            // the gateway hung up or reset: that is what some cases wait for
        }
    }

    private void answer(Fault fault, boolean stream, Socket socket, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        switch (fault) {
            case OK -> {
                if (stream) {
                    chunked(out, "text/event-stream", STREAM_BEGINNING + chunk("{}").replace("\"finish_reason\":null",
                            "\"finish_reason\":\"stop\"") + "data: [DONE]\n\n", true);
                } else {
                    whole(out, 200, "application/json", COMPLETION);
                }
            }
            case GARBAGE_JSON -> whole(out, 200, "application/json", "this is not { json");
            case TRUNCATED_JSON -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                        + COMPLETION.substring(0, COMPLETION.length() / 2)).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            case HTML_502 -> whole(out, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
            case RATE_LIMITED -> whole(out, 429, "application/json\r\nRetry-After: 7", "{\"error\":{\"message\":"
                    + "\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
            case RESET -> socket.setSoLinger(true, 0);
            case HANG -> awaitHangUp(in);
            case STOP_MIDWAY -> chunked(out, "text/event-stream", STREAM_BEGINNING, false);
            case CUT_SHORT -> chunked(out, "text/event-stream", STREAM_BEGINNING, true);
            case MALFORMED_SSE -> chunked(out, "text/event-stream", STREAM_BEGINNING + "data: {\"choices\":[{\"delta"
                    + "\n\n", true);
            case ENDLESS_STREAM -> endless(out, "text/event-stream", chunk("{\"content\":\"more and more\"}"));
            case ENDLESS_LINE -> endless(out, "text/event-stream", "data: " + "x".repeat(8190));
            case DRIP -> drip(out);
            case HUGE_DECLARED -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n\r\n"
                        + "{\"id\":").getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitHangUp(in);
            }
            case HUGE_BODY -> endless(out, "application/json", "{\"padding\":\"" + "x".repeat(8180) + "\",");
        }
    }

    private void awaitHangUp(InputStream in) throws IOException, InterruptedException {
        // the gateway sends nothing more: a read ends when it hangs up, or this upstream closes
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (in.read() >= 0) {
                    // discard
                }
                hangUps.incrementAndGet();
            } catch (IOException e) {
                hangUps.incrementAndGet();
            }
        });
        while (reader.isAlive() && !closed.await(100, TimeUnit.MILLISECONDS)) {
            // waiting for the hang-up, or for the test's end
        }
    }

    /** Sends {@code piece} again and again, chunked, until the gateway hangs up or the budget is spent. */
    private void endless(OutputStream out, String contentType, String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        try {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < ENDLESS_BUDGET && closed.getCount() > 0; sent += bytes.length) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException hungUp) {
            hangUps.incrementAndGet();
        }
    }

    private void drip(OutputStream out) throws IOException, InterruptedException {
        byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte b : body) {
            out.write(b);
            out.flush();
            if (closed.await(5, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** A whole answer; {@code contentType} may carry further header lines after it. */
    private static void whole(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** One chunk of events; with {@code end}, the terminating chunk too, else the connection closes after it. */
    private static void chunked(OutputStream out, String contentType, String events, boolean end) throws IOException {
        byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write((end ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String chunk(String delta) {
        return "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":null}]}\n\n";
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
