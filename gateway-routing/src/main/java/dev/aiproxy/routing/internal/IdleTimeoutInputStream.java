package dev.aiproxy.routing.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upstream body that gives up when the upstream goes silent: each read arms an alarm that closes the stream if no
 * byte arrives within the idle timeout, and the read then fails with an {@link IOException} that says so. (Closing
 * the JDK client's body alone would look like a normal end of the body.) Not thread-safe, like any input stream.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private final Duration idle;
    private final ScheduledExecutorService alarms;
    private volatile boolean expired;

    IdleTimeoutInputStream(InputStream in, Duration idle, ScheduledExecutorService alarms) {
        super(in);
        this.idle = idle;
        this.alarms = alarms;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> alarm = alarms.schedule(this::expire, idle.toNanos(), TimeUnit.NANOSECONDS);
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw expired ? silence(e) : e;
        } finally {
            alarm.cancel(false);
        }
        if (expired) {
            throw silence(null);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    private IOException silence(Throwable cause) {
        return new IOException("the upstream sent nothing for "
                + BigDecimal.valueOf(idle.toMillis(), 3).stripTrailingZeros().toPlainString() + " s", cause);
    }

    private void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException e) {
            // the reader fails either way: closing is only how to wake it
        }
    }
}
