package dev.aiproxy.routing.internal.dispatch;

/**
 * How a request is served by one candidate, made by the exchange for each candidate the dispatcher tries: at least
 * the body that goes upstream. The plan of the candidate that answered comes back in {@link
 * UpstreamDispatcher.Success}, so whatever decided the body also decides how the answer is read.
 */
public interface UpstreamPlan {
    /** The request body, in the candidate's provider format, for its upstream model. */
    byte[] body();
}
