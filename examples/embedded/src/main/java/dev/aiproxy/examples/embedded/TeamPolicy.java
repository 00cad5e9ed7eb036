package dev.aiproxy.examples.embedded;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import java.util.List;

/**
 * An application's own step in the gateway's request pipeline: every upstream call carries the team's name in an
 * {@code X-Team} header (for the provider's usage reports, say), and models whose names start with a refused prefix
 * are vetoed before any upstream is called. The veto is an ordinary {@link PermissionDeniedException}: an
 * in-process caller gets it thrown, a client of the server gets a 403 in its own format.
 */
public final class TeamPolicy implements Interceptor {
    private final String team;
    private final List<String> refusedPrefixes;

    public TeamPolicy(String team, List<String> refusedPrefixes) {
        this.team = requireNonNull(team, "team");
        this.refusedPrefixes = List.copyOf(refusedPrefixes);
    }

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        for (String prefix : refusedPrefixes) {
            if (call.model().startsWith(prefix)) {
                throw new PermissionDeniedException("team '" + team + "' may not use '" + call.model()
                        + "' (models starting with '" + prefix + "' are refused)");
            }
        }
        return chain.proceed(call.withUpstreamHeader("X-Team", team));
    }
}
