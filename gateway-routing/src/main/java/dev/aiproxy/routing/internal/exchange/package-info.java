/** Serving one request end to end: the interceptor chain's terminal for wire and typed calls, passthrough or translation chosen once per candidate, and the answer bodies that relay or translate. */
package dev.aiproxy.routing.internal.exchange;
