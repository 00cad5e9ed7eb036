package dev.aiproxy.routing.internal;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.RequestContext;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the dispatcher needs to find an upstream for one request.
 *
 * @param body the request body for a candidate, in its provider's format, for its upstream model
 * @param eligible which candidates this request may use (a client pinned to a provider narrows them)
 * @param context the client and its headers
 * @param trace debug logging for this request
 */
record DispatchRequest(String model, boolean stream, Operation operation, Function<Candidate, byte[]> body,
        Predicate<Candidate> eligible, RequestContext context, DebugTrace trace) {

    /** An in-process request: any candidate, no client, no debug logging. */
    static DispatchRequest anonymous(String model, boolean stream, Function<Candidate, byte[]> body) {
        return new DispatchRequest(model, stream, Operation.GENERATE, body, c -> true, RequestContext.ANONYMOUS,
                DebugTrace.OFF);
    }
}
