/** Runs a request through the interceptor chain and keeps how it ended ({@link dev.aiproxy.routing.internal.chain.Tally}). */
package dev.aiproxy.routing.internal.chain;
