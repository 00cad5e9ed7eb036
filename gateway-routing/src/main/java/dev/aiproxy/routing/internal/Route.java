package dev.aiproxy.routing.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Every candidate for one client-visible model name, taken in turn. */
public final class Route {
    private final String model;
    private final List<Candidate> candidates;
    private final AtomicInteger cursor = new AtomicInteger();

    Route(String model, List<Candidate> candidates) {
        this.model = model;
        this.candidates = List.copyOf(candidates);
    }

    public String model() {
        return model;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /** The next candidate in round-robin order; thread-safe. */
    public Candidate next() {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        return candidates.get(Math.floorMod(cursor.getAndIncrement(), candidates.size()));
    }
}
