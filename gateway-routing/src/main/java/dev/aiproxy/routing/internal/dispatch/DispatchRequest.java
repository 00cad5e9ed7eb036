package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.internal.debug.DebugTrace;
import dev.aiproxy.routing.internal.route.Candidate;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the dispatcher needs to find an upstream for one request.
 *
 * @param plan how a candidate serves the request: its body, in its provider's format, for its upstream model
 * @param eligible which candidates this request may use (a client pinned to a provider narrows them)
 * @param context the client and its headers
 * @param headers headers added to every upstream call, after the config's
 * @param trace debug logging for this request
 * @param attempted told before each upstream call, to count them
 */
public record DispatchRequest<P extends UpstreamPlan>(String model, boolean stream, Operation operation,
        Function<Candidate, P> plan, Predicate<Candidate> eligible, RequestContext context,
        Map<String, String> headers, DebugTrace trace, Runnable attempted) {
}
