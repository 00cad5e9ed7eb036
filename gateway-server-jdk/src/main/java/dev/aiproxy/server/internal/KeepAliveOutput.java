package dev.aiproxy.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A streamed (SSE) answer's output that, once it has been silent for the keep-alive interval, gets an SSE comment
 * line ({@code : keep-alive}), which every SSE client skips. It keeps proxies and load balancers from closing a quiet
 * connection, and it finds out that a client went away while the upstream is silent: the comment's write fails, and
 * {@code onClientGone} cancels the upstream call at once rather than at the idle timeout. A comment goes only between
 * two events (the bytes so far end with a blank line), never into one that is half written. Writes are serialised
 * with the answer's own; the comment is written on a virtual thread, so one slow client holds up no other.
 */
final class KeepAliveOutput extends OutputStream {
    private static final byte[] COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final OutputStream out;
    private final long intervalNanos;
    private final Runnable onClientGone;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledFuture<?> ticks;
    /** The last four bytes written, oldest in the high byte; -1 before any. */
    private int lastFour = -1;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;

    private KeepAliveOutput(OutputStream out, Duration interval, Runnable onClientGone) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.onClientGone = onClientGone;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), intervalNanos / 4);
        this.ticks = TIMER.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gw-sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Starts keeping {@code out} alive; {@link #stop()} (or closing it) ends that. */
    static KeepAliveOutput start(OutputStream out, Duration interval, Runnable onClientGone) {
        return new KeepAliveOutput(out, interval, onClientGone);
    }

    /** No more keep-alives: the answer has ended, one way or another. Idempotent. */
    void stop() {
        ticks.cancel(false);
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) throws IOException {
        lock.lock();
        try {
            out.write(b);
            wrote(b);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            out.write(b, off, len);
            for (int i = Math.max(off, off + len - 4); i < off + len; i++) {
                wrote(b[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    private void wrote(int b) {
        lastFour = lastFour == -1 ? (b & 0xff) : (lastFour << 8) | (b & 0xff);
        lastWriteNanos = System.nanoTime();
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        out.close();
    }

    /** Whether the bytes so far end between two events: none yet, or a blank line. */
    private boolean betweenEvents() {
        return lastFour == -1 || (lastFour & 0xffff) == 0x0a0a || lastFour == 0x0d0a0d0a;
    }

    private void tick() {
        if (System.nanoTime() - lastWriteNanos >= intervalNanos) {
            Thread.ofVirtual().name("gw-sse-keepalive-write").start(this::keepAlive);
        }
    }

    private void keepAlive() {
        lock.lock();
        try {
            if (closed || !betweenEvents() || System.nanoTime() - lastWriteNanos < intervalNanos) {
                return;
            }
            out.write(COMMENT);
            out.flush();
            lastWriteNanos = System.nanoTime();
        } catch (IOException gone) {
            closed = true;
            ticks.cancel(false);
            onClientGone.run();
        } finally {
            lock.unlock();
        }
    }
}
