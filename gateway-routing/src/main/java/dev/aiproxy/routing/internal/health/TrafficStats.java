package dev.aiproxy.routing.internal.health;

import dev.aiproxy.routing.KeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Recent upstream attempts per key, keyed by the key's stable identity (provider and fingerprint) so that a reload
 * keeps them. Recorded on every attempt, so it costs one map look-up and a few atomic adds. Thread-safe.
 */
public final class TrafficStats {
    private final Clock clock;
    private final ConcurrentMap<String, TrafficWindow> windows = new ConcurrentHashMap<>();

    public TrafficStats(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one attempt of a key.
     *
     * @param success whether it answered 2xx; an attempt that failed for the client's sake (a 400) is not counted
     * @param latencyNanos from sending to the answer's status and headers (or the failure)
     */
    public void record(String credential, boolean success, long latencyNanos) {
        TrafficWindow window = windows.get(credential);
        if (window == null) {
            window = windows.computeIfAbsent(credential, k -> new TrafficWindow());
        }
        window.record(clock.millis(), success, latencyNanos);
    }

    /** A key's attempts over the last five minutes. */
    public KeyStatus.Traffic of(String credential) {
        TrafficWindow window = windows.get(credential);
        if (window == null) {
            return new KeyStatus.Traffic(TrafficWindow.SPAN, 0, 0, null);
        }
        TrafficWindow.Totals t = window.totals(clock.millis());
        Duration mean = t.attempts() == 0 ? null : Duration.ofNanos(t.latencyMicros() / t.attempts() * 1_000);
        return new KeyStatus.Traffic(TrafficWindow.SPAN, t.successes(), t.failures(), mean);
    }

    /** Forgets the keys not in {@code kept}: they left the config. */
    public void retain(java.util.Set<String> kept) {
        windows.keySet().retainAll(kept);
    }
}
