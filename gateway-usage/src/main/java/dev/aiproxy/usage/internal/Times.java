package dev.aiproxy.usage.internal;

import java.time.Instant;

/** Instants as the store keeps them: epoch milliseconds, within the range a query may ask for. */
final class Times {
    /** The widest range a query may ask for: from the epoch to this (year 10000), so open ends stay in range. */
    static final long FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();

    private Times() {
    }

    static long clamp(Instant at) {
        if (at.isBefore(Instant.EPOCH)) {
            return 0;
        }
        return at.isAfter(Instant.ofEpochMilli(FAR_FUTURE)) ? FAR_FUTURE : at.toEpochMilli();
    }
}
