package dev.aiproxy.routing.internal.health;

import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers the outcome of each candidate's most recent call, keyed by the candidate's stable identity, so a reload
 * keeps it. A failure counts for {@link #MEMORY}, then the candidate is presumed healthy again. Thread-safe.
 */
public final class HealthTracker {
    static final Duration MEMORY = Duration.ofMinutes(5);

    private final Clock clock;
    private final ConcurrentMap<String, Instant> failedAt = new ConcurrentHashMap<>();

    public HealthTracker(Clock clock) {
        this.clock = clock;
    }

    public void success(Candidate candidate) {
        if (!failedAt.isEmpty()) {
            failedAt.remove(candidate.identity());
        }
    }

    public void failure(Candidate candidate) {
        failedAt.put(candidate.identity(), clock.instant());
    }

    /** Whether the candidate's most recent call, within {@link #MEMORY}, failed. */
    public boolean isFailing(Candidate candidate) {
        Instant at = failedAt.get(candidate.identity());
        if (at == null) {
            return false;
        }
        if (at.plus(MEMORY).isBefore(clock.instant())) {
            failedAt.remove(candidate.identity(), at);
            return false;
        }
        return true;
    }

    /** Whether every candidate of the route is failing. */
    public boolean isDown(Route route) {
        for (Candidate candidate : route.candidates()) {
            if (!isFailing(candidate)) {
                return false;
            }
        }
        return true;
    }
}
