package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Gives up on an answer, streamed or not, that goes silent for too long once it has begun: one shared timer thread
 * checks each open body when its idle time could have run out, and closes a silent one, which makes the blocked read
 * fail with {@link IdleTimeoutException} (closing the JDK client's body alone would look like a normal end). Reads
 * only note the time, so the hot path schedules nothing per read.
 */
public final class IdleWatchdog {
    /**
     * One timer thread for every body. A cancelled check leaves its queue at once: otherwise each answer's check
     * would stay queued, holding its body, for the whole idle timeout after the answer ended.
     */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("gw-idle-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private IdleWatchdog() {
    }

    /** How many checks are queued: one per open body. */
    static int pendingChecks() {
        return TIMER.getQueue().size();
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
        private volatile boolean closed;
        private volatile ScheduledFuture<?> check;

        Watched(InputStream in, Duration idle) {
            super(in);
            this.idle = idle;
            this.idleNanos = idle.toNanos();
            schedule(idleNanos);
        }

        private void schedule(long delayNanos) {
            check = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (closed) {
                return;
            }
            long silent = System.nanoTime() - lastActivity;
            if (silent < idleNanos) {
                schedule(idleNanos - silent);
                return;
            }
            timedOut = true;
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
            closed = true;
            ScheduledFuture<?> c = check;
            if (c != null) {
                c.cancel(false);
            }
            super.close();
        }
    }
}
