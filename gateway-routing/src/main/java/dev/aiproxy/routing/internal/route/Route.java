package dev.aiproxy.routing.internal.route;

import dev.aiproxy.routing.pipeline.ResolvedRoute;
import java.util.List;

/** Every candidate for one client-visible model name, in config order; {@link CandidateSelector} takes turns. */
public final class Route {
    private final String model;
    private final List<Candidate> candidates;
    private final ResolvedRoute view;

    Route(String model, List<Candidate> candidates) {
        this.model = model;
        this.candidates = List.copyOf(candidates);
        this.view = new ResolvedRoute(model, this.candidates.stream()
                .map(c -> new ResolvedRoute.Target(c.providerName(), c.format(), c.upstreamModel(),
                        c.credential().id()))
                .toList());
    }

    public String model() {
        return model;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /** The route as the interceptor chain sees it. */
    public ResolvedRoute view() {
        return view;
    }
}
