package dev.aiproxy.translate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for a condition itself, never for a fixed time, when nothing announces the condition (bytes reaching
 * a socket, a thread entering a blocking call) and it holds within moments. A condition that other threads bring about
 * is better awaited with {@link Changes}, which checks it only when one of them says something changed.
 */
public final class Await {
    private Await() {
    }

    /**
     * Checks {@code condition} again and again, on the calling thread, until it holds; between checks the processor
     * goes to other threads.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
     */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.yield();
        }
    }
}
