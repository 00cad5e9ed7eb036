/**
 * The request pipeline: every chat request, from the server or in-process, passes a chain of {@link
 * dev.aiproxy.routing.pipeline.Interceptor steps} before it reaches an upstream, and each step sees its answer on the
 * way back and how it ended. The gateway's own cross-cutting steps (usage, client policy, rate limits, budgets, debug trace,
 * response cache)
 * are links of this chain; an application adds its own with {@code Gateway.Builder.interceptor}.
 */
package dev.aiproxy.routing.pipeline;
