/** {@link dev.aiproxy.routing.state.SharedState} made of its parts: the in-memory default and any store's. */
package dev.aiproxy.routing.internal.state;
