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
 * A streamed (SSE) answer's output, into which the server itself writes between two of the answer's events: a
 * keep-alive comment, and a last error event when the server stops.
 *
 * <p>Once the answer has been silent for the keep-alive interval, it gets an SSE comment line ({@code : keep-alive}),
 * which every SSE client skips. It keeps proxies and load balancers from closing a quiet connection, and it finds out
 * that a client went away while the upstream is silent: the comment's write fails, and {@code onClientGone} cancels
 * the upstream call at once rather than at the idle timeout. The comment is written on a virtual thread, so one slow
 * client holds up no other.
 *
 * <p>A stopping server {@linkplain #end ends} the answer with an error event in the client's format: from then on the
 * answer's own writes fail, so nothing follows the error event, and the exchange ends the body after it.
 *
 * <p>What the server writes goes only between two events (the bytes so far end with a blank line), never into one
 * that is half written. Writes are serialised with the answer's own.
 */
final class SseOutput extends OutputStream {
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
    private Ending ending = Ending.NONE;

    /** Whether the server ended the answer, and how. */
    enum Ending {
        /** The answer writes on. */
        NONE,
        /** The server wrote its last event between two of the answer's: the body may end normally after it. */
        WITH_EVENT,
        /** The answer was in the middle of an event: the connection must be cut, so the client sees it as broken. */
        CUT
    }

    /** What the answer's writes throw once the server has ended it. */
    static final class EndedException extends IOException {
        EndedException() {
            super("the server ended this stream: it is shutting down");
        }
    }

    private SseOutput(OutputStream out, Duration keepalive, Runnable onClientGone) {
        this.out = out;
        this.intervalNanos = keepalive.toNanos();
        this.onClientGone = onClientGone;
        if (keepalive.isZero()) {
            this.ticks = null;
        } else {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), intervalNanos / 4);
            this.ticks = TIMER.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        }
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

    /**
     * Starts watching {@code out}; {@link #stop()} (or closing it) ends that.
     *
     * @param keepalive how long the answer may be silent before a comment; zero for none
     * @param onClientGone cancels the upstream call; run when a keep-alive finds the client gone
     */
    static SseOutput start(OutputStream out, Duration keepalive, Runnable onClientGone) {
        return new SseOutput(out, keepalive, onClientGone);
    }

    /** No more keep-alives: the answer has ended, one way or another. Idempotent. */
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the answer for the server: writes {@code lastEvent} at once when the answer is between two events, else
     * marks it to be cut. Either way the answer's later writes throw {@link EndedException}. Blocks only while the
     * answer writes an event.
     *
     * @param lastEvent a whole event in the answer's format, such as its error event
     * @return how the answer was ended; {@link Ending#NONE} when it had ended by itself already
     */
    Ending end(byte[] lastEvent) {
        lock.lock();
        try {
            if (closed || ending != Ending.NONE) {
                return Ending.NONE;
            }
            if (betweenEvents()) {
                try {
                    out.write(lastEvent);
                    out.flush();
                    ending = Ending.WITH_EVENT;
                } catch (IOException gone) {
                    // the client left at the same moment: nothing more can reach it
                    ending = Ending.CUT;
                }
            } else {
                ending = Ending.CUT;
            }
            return ending;
        } finally {
            lock.unlock();
        }
    }

    /** Whether, and how, the server ended the answer. */
    Ending ending() {
        lock.lock();
        try {
            return ending;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) throws IOException {
        lock.lock();
        try {
            requireOpen();
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
            requireOpen();
            out.write(b, off, len);
            for (int i = Math.max(off, off + len - 4); i < off + len; i++) {
                wrote(b[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() throws EndedException {
        if (ending != Ending.NONE) {
            throw new EndedException();
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
            requireOpen();
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
            if (closed || ending != Ending.NONE || !betweenEvents()
                    || System.nanoTime() - lastWriteNanos < intervalNanos) {
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
