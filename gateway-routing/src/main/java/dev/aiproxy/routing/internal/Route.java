package dev.aiproxy.routing.internal;

import java.util.List;

/** Every candidate for one client-visible model name, in config order; {@link CandidateSelector} takes turns. */
public final class Route {
    private final String model;
    private final List<Candidate> candidates;

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
}
