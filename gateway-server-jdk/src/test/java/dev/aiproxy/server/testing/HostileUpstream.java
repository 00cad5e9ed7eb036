package dev.aiproxy.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible upstream on loopback whose answers are hostile to the gateway's memory, chosen by the model the
 * gateway asks for: a long stream, a stream that does not end for tens of megabytes, {@code data:} lines with no blank line to end
 * their event, one line that never ends, a declared {@code Content-Length} far beyond what comes; and {@value #OK},
 * which answers normally. Each answer is bounded in bytes and in time, and stops as soon as the gateway hangs up.
 * Every answer closes its connection.
 */
public final class HostileUpstream implements AutoCloseable {
    /** A short, whole chat completion (or stream, when asked for). */
    public static final String OK = "ok";
    /** A chat stream of the constructor's number of bytes of text in 16 KiB deltas, then a proper end. */
    public static final String LONG_STREAM = "long-stream";
    /** A chat stream of text in 16 KiB deltas that goes on until the gateway hangs up, or up to 96 MiB. */
    public static final String ENDLESS_STREAM = "endless-stream";
    /** {@code data:} lines of 1 KiB, never a blank line, up to {@link #HOSTILE_BYTES}. */
    public static final String ENDLESS_DATA_LINES = "endless-data-lines";
    /** One {@code data:} line, never ended, up to {@link #HOSTILE_BYTES}. */
    public static final String ENDLESS_LINE = "endless-line";
    /** A JSON answer that declares {@value #DECLARED_LENGTH} bytes and sends a few, then waits for a hang-up. */
    public static final String DECLARES_60_MB = "declares-60-mb";
    public static final long DECLARED_LENGTH = 60_000_000L;

    /** The most any hostile answer sends. */
    private static final long HOSTILE_BYTES = 96L * 1024 * 1024;
    /** The longest any answer goes on, or waits for the gateway to hang up. */
    private static final Duration LONGEST = Duration.ofSeconds(20);
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

    private final ServerSocket server;
    private final long longStreamBytes;

    /** @param longStreamBytes how much text {@value #LONG_STREAM} streams before it ends properly */
    public HostileUpstream(long longStreamBytes) throws IOException {
        this.longStreamBytes = longStreamBytes;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("hostile-upstream").start(this::acceptAll);
    }

    /** The base URL of an {@code openai-compatibility} entry, {@code /v1} included. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) LONGEST.toMillis());
            InputStream in = socket.getInputStream();
            long length = RequestHeads.contentLength(RequestHeads.read(in));
            String body = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
            Matcher model = MODEL.matcher(body);
            OutputStream out = socket.getOutputStream();
            long deadline = System.nanoTime() + LONGEST.toNanos();
            switch (model.find() ? model.group(1) : "") {
                case LONG_STREAM -> textStream(out, longStreamBytes, deadline);
                case ENDLESS_STREAM -> textStream(out, HOSTILE_BYTES, deadline);
                case ENDLESS_DATA_LINES -> sse(out, "data: {\"x\":\"" + "x".repeat(1010) + "\"}\n", deadline);
                case ENDLESS_LINE -> {
                    write(out, sseHead() + "data: {\"x\":\"");
                    sse(out, "x".repeat(64 * 1024), deadline);
                }
                case DECLARES_60_MB -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + DECLARED_LENGTH + "\r\nConnection: close\r\n\r\n{\"id\":\"chatcmpl-1\",");
                    awaitHangUp(in);
                }
                default -> ok(out, body.contains("\"stream\":true"));
            }
        } catch (IOException e) {
            // the gateway hung up, which is what a hostile answer is for
        }
    }

    private static void textStream(OutputStream out, long bytes, long deadline) throws IOException {
        write(out, sseHead() + chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        byte[] delta = chunk("{\"content\":\"" + "a".repeat(16 * 1024) + "\"}", null)
                .getBytes(StandardCharsets.UTF_8);
        for (long sent = 0; sent < bytes && System.nanoTime() - deadline < 0; sent += 16 * 1024) {
            out.write(delta);
        }
        write(out, chunk("{}", "\"stop\"") + "data: [DONE]\n\n");
    }

    /** Sends {@code piece} again and again, after an SSE head when it starts with "data:", within the bounds. */
    private static void sse(OutputStream out, String piece, long deadline) throws IOException {
        if (piece.startsWith("data:")) {
            write(out, sseHead());
        }
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        for (long sent = 0; sent < HOSTILE_BYTES && System.nanoTime() - deadline < 0; sent += bytes.length) {
            out.write(bytes);
        }
        out.flush();
    }

    private static void ok(OutputStream out, boolean stream) throws IOException {
        if (stream) {
            write(out, sseHead() + chunk("{\"role\":\"assistant\",\"content\":\"fine\"}", null)
                    + chunk("{}", "\"stop\"") + "data: [DONE]\n\n");
            return;
        }
        byte[] json = ("{\"id\":\"chatcmpl-ok\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"ok\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"total_tokens\":2}}").getBytes(StandardCharsets.UTF_8);
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                + "\r\nConnection: close\r\n\r\n");
        out.write(json);
        out.flush();
    }

    /** Waits, within {@link #LONGEST}, for the gateway to close the connection. */
    private static void awaitHangUp(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the gateway sends nothing more; the read ends when it hangs up
            }
        } catch (SocketTimeoutException e) {
            // it never did: the connection closes now
        }
    }

    private static String sseHead() {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-hostile\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
