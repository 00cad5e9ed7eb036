package dev.aiproxy.routing.internal.client;

import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;

/**
 * Client policy: refuses a model the client may not use (403), a model nothing serves (404), and a model its pinned
 * provider does not serve (404), before anything else is spent on the request.
 */
public final class ClientPolicyStep implements Interceptor {

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        ClientPolicies.requireAllowed(call.client(), call.model());
        ClientPolicies.requireServed(call.client(), call.route());
        return chain.proceed(call);
    }
}
