package dev.aiproxy.routing.pipeline;

import dev.aiproxy.routing.UsageRecord;
import java.util.function.Consumer;

/**
 * One step every request passes on its way to an upstream, in the manner of okhttp's interceptors. A step sees the
 * {@link Call} (who asks, in which format, for which model, routed where), and then does one of:
 *
 * <ul>
 *   <li>passes it on, as it is or changed ({@code chain.proceed(chain.call().withUpstreamHeader(...))}), and returns
 *       the {@link Answer} it gets back, as it is or with headers added;
 *   <li>vetoes it, by throwing a {@link dev.aiproxy.api.error.GatewayException}: the client gets that error in its own
 *       format, with the status and headers the exception carries;
 *   <li>answers it itself, by returning an {@link Answer} without proceeding (of the call's kind: {@link Answer.Wire}
 *       for a call in a client's wire format, {@link Answer.Whole} or {@link Answer.Streaming} for a typed one).
 * </ul>
 *
 * <p>An answer returned down the chain may still be streaming. To see how a request ended (completed, failed or
 * interrupted, its status and the tokens it used, the last byte of a stream included), register a listener with
 * {@link Chain#onEnd} before proceeding. Interceptors run on the request's thread and must be thread-safe: one
 * instance serves every request.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(config)
 *         .interceptor(chain -> {
 *             Call call = chain.call();
 *             if (call.model().startsWith("o1") && !call.client().name().equals("research")) {
 *                 throw new PermissionDeniedException("reasoning models are for the research team");
 *             }
 *             return chain.proceed(call.withUpstreamHeader("X-Team", call.client().name()));
 *         })
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface Interceptor {

    /**
     * Handles one request.
     *
     * @throws dev.aiproxy.api.error.GatewayException to refuse the request, or as thrown by a later step
     */
    Answer intercept(Chain chain);

    /** The rest of the chain, as one step sees it. One per step and request. */
    interface Chain {
        /** The request as it reaches this step. */
        Call call();

        /**
         * Passes the request to the next step (the last one calls an upstream) and returns its answer.
         *
         * @throws dev.aiproxy.api.error.GatewayException when a later step or every upstream refuses it
         */
        Answer proceed(Call call);

        /**
         * Tells the listener how the request ended, once: when the whole answer has reached the client (a stream's
         * last event), when it failed, or when it was cut short. Register before {@link #proceed}: an answer may end
         * before it returns. A listener runs on the thread that ends the answer and must be quick; one that throws is
         * logged and ignored. Token counts are read from an answer only when some listener is registered.
         */
        void onEnd(Consumer<UsageRecord> listener);
    }
}
