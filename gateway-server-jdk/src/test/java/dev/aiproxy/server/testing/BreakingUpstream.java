package dev.aiproxy.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that fails, or falls silent, mid-answer: to every request, on any path, it sends a 200 chunked SSE
 * response with one chunk, then either closes the socket without the terminating chunk, as a crashed server or a cut
 * network does, or (when stalling) sends nothing more and waits for the gateway to hang up, or (when pausing) falls
 * silent for a while and then sends the rest of the answer and ends it properly.
 */
public final class BreakingUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final boolean stall;
    private final Duration pause;
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile byte[] chunk = new byte[0];
    private volatile byte[] rest = new byte[0];

    private BreakingUpstream(boolean stall) throws IOException {
        this(stall, null);
    }

    private BreakingUpstream(boolean stall, Duration pause) throws IOException {
        this.stall = stall;
        this.pause = pause;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("breaking-upstream").start(this::acceptAll);
    }

    /** An upstream that drops the connection after its chunk. */
    public static BreakingUpstream dropping() throws IOException {
        return new BreakingUpstream(false);
    }

    /** An upstream that goes silent after its chunk, keeping the connection open until the gateway closes it. */
    public static BreakingUpstream stalling() throws IOException {
        return new BreakingUpstream(true);
    }

    /** An upstream that is silent for {@code pause} after its first chunk, then sends the rest and ends. */
    public static BreakingUpstream pausing(Duration pause) throws IOException {
        return new BreakingUpstream(false, pause);
    }

    /** What a pausing upstream sends after its pause. */
    public void thenSends(String events) {
        rest = events.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the gateway closed a stalled connection within the time given. */
    public boolean awaitHangUp(Duration within) throws InterruptedException {
        return hungUp.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the one chunk holds. */
    public void sends(String events) {
        chunk = events.getBytes(StandardCharsets.UTF_8);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
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
            InputStream in = socket.getInputStream();
            long length = RequestHeads.contentLength(RequestHeads.read(in));
            in.readNBytes((int) length);
            byte[] body = chunk;
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (pause != null) {
                // silent for the pause (or until closed), then the rest and the terminating chunk
                if (!closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    byte[] more = rest;
                    out.write((Integer.toHexString(more.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(more);
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                return;
            }
            if (stall) {
                // the gateway sends nothing more on this connection: the read ends only when it hangs up
                while (in.read() >= 0) {
                    // discard
                }
                hungUp.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (stall) {
                hungUp.countDown();
                return;
            }
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
