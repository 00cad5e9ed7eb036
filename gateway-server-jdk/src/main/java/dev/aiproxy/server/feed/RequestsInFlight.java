package dev.aiproxy.server.feed;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many client requests the server is serving now, from their arrival to the end of their answer (a stream's
 * last byte). A {@link LongAdder}, so the two updates each request makes do not contend between cores. Thread-safe.
 */
public final class RequestsInFlight {
    private final LongAdder count = new LongAdder();

    public void enter() {
        count.increment();
    }

    public void exit() {
        count.decrement();
    }

    public long count() {
        return count.sum();
    }
}
