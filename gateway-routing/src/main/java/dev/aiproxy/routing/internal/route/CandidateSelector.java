package dev.aiproxy.routing.internal.route;

import dev.aiproxy.routing.config.RoutingStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts a route's candidates in the order one request tries them, by strategy. Its turn-taking state is keyed by the
 * model name and the candidates' stable identities, outside any config snapshot, so a reload does not restart the
 * rotation. Thread-safe; the weighted strategy's lock is held only to update a few numbers.
 */
public final class CandidateSelector {
    private final ConcurrentMap<String, AtomicLong> cursors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SmoothWeights> weights = new ConcurrentHashMap<>();

    /** The order for one request: every candidate once, the preferred first. */
    public List<Candidate> order(Route route, RoutingStrategy strategy) {
        List<Candidate> candidates = route.candidates();
        if (candidates.size() == 1) {
            return candidates;
        }
        return switch (strategy) {
            case FILL_FIRST -> candidates;
            case ROUND_ROBIN -> rotate(candidates, cursors.computeIfAbsent(route.model(), k -> new AtomicLong())
                    .getAndIncrement());
            case WEIGHTED_ROUND_ROBIN -> weights.computeIfAbsent(route.model(), k -> new SmoothWeights())
                    .order(candidates);
        };
    }

    private static List<Candidate> rotate(List<Candidate> candidates, long turn) {
        int n = candidates.size();
        int start = (int) Math.floorMod(turn, (long) n);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(candidates.get((start + i) % n));
        }
        return out;
    }

    /**
     * Smooth weighted round-robin, as nginx does it: each turn every candidate gains its weight, the richest goes
     * first and pays the total. Over a cycle each gets exactly its share, spread out rather than in bursts.
     */
    private static final class SmoothWeights {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Long> current = new HashMap<>();

        List<Candidate> order(List<Candidate> candidates) {
            List<Candidate> weighted = new ArrayList<>();
            long total = 0;
            for (Candidate c : candidates) {
                if (c.credential().policy().weight() > 0) {
                    weighted.add(c);
                    total += c.credential().policy().weight();
                }
            }
            if (weighted.isEmpty()) {
                return List.of();
            }
            Candidate first;
            lock.lock();
            try {
                current.keySet().retainAll(weighted.stream().map(Candidate::identity).toList());
                first = null;
                long best = Long.MIN_VALUE;
                for (Candidate c : weighted) {
                    long v = current.merge(c.identity(), (long) c.credential().policy().weight(), Long::sum);
                    if (v > best) {
                        best = v;
                        first = c;
                    }
                }
                current.merge(first.identity(), -total, Long::sum);
            } finally {
                lock.unlock();
            }
            List<Candidate> out = new ArrayList<>(weighted.size());
            out.add(first);
            Candidate picked = first;
            weighted.stream().filter(c -> c != picked)
                    .sorted((a, b) -> Integer.compare(b.credential().policy().weight(), a.credential().policy().weight()))
                    .forEach(out::add);
            return out;
        }
    }
}
