package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives up on an answer, streamed or not, that goes silent for too long once it has begun: one shared thread sweeps
 * the open bodies every {@link #SWEEP_EVERY} and closes a silent one, which makes the blocked read fail with
 * {@link IdleTimeoutException} (closing the JDK client's body alone would look like a normal end). A body only joins
 * and leaves a concurrent set, and its reads only note the time: the hot path schedules nothing and wakes nobody.
 * (A timer task per body, the first design, woke the timer thread for nearly every request on a busy gateway: about
 * 6 us of CPU a request in thread switches; docs/performance.md.) A silent body is closed between its idle time and
 * that plus one sweep.
 */
public final class IdleWatchdog {
    /** How often the open bodies are looked at: the idle timeout's precision. */
    static final Duration SWEEP_EVERY = Duration.ofMillis(50);
    private static final Set<Watched> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("gw-idle-watchdog").start(IdleWatchdog::sweepForever);
    }

    private IdleWatchdog() {
    }

    /** How many bodies are watched: those open now. */
    static int pendingChecks() {
        return OPEN.size();
    }

    private static void sweepForever() {
        while (true) {
            LockSupport.parkNanos(SWEEP_EVERY.toNanos());
            long now = System.nanoTime();
            for (Watched body : OPEN) {
                body.checkAt(now);
            }
        }
    }

    /** The response, its body watched for silence longer than {@code idle}. */
    static UpstreamResponse watch(UpstreamResponse response, Duration idle) {
        return new UpstreamResponse(response.status(), response.headers(), new Watched(response.body(), idle));
    }

    /**
     * What a failed read of an upstream body means for the client: 504 when the upstream fell silent, 502 when it
     * broke off.
     *
     * @param what the body, such as "stream" or "answer", for the message
     */
    public static dev.aiproxy.api.error.GatewayException readFailure(IOException e, String what) {
        if (e instanceof IdleTimeoutException idle) {
            return new dev.aiproxy.api.error.UpstreamTimeoutException(what, idle.idle(), e);
        }
        return dev.aiproxy.api.error.UpstreamException.unreachable("upstream " + what + " broke off: "
                + e.getMessage(), e);
    }

    /** An answer fell silent for longer than allowed. */
    static final class IdleTimeoutException extends IOException {
        private final Duration idle;

        IdleTimeoutException(Duration idle) {
            super("the upstream sent nothing for "
                    + java.math.BigDecimal.valueOf(idle.toMillis(), 3).stripTrailingZeros().toPlainString() + " s");
            this.idle = idle;
        }

        Duration idle() {
            return idle;
        }
    }

    private static final class Watched extends FilterInputStream {
        private final long idleNanos;
        private final Duration idle;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean timedOut;

        Watched(InputStream in, Duration idle) {
            super(in);
            this.idle = idle;
            this.idleNanos = idle.toNanos();
            OPEN.add(this);
        }

        /** Closes the body when it has been silent for its idle time at {@code now}; called by the sweep only. */
        void checkAt(long now) {
            if (now - lastActivity < idleNanos) {
                return;
            }
            timedOut = true;
            OPEN.remove(this);
            try {
                in.close();
            } catch (IOException e) {
                // the reader sees the stream end either way
            }
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                lastActivity = System.nanoTime();
                if (timedOut) {
                    throw new IdleTimeoutException(idle);
                }
                return b;
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                lastActivity = System.nanoTime();
                if (timedOut) {
                    throw new IdleTimeoutException(idle);
                }
                return n;
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private IOException translate(IOException e) {
            return timedOut ? new IdleTimeoutException(idle) : e;
        }

        @Override
        public void close() throws IOException {
            OPEN.remove(this);
            super.close();
        }
    }
}
