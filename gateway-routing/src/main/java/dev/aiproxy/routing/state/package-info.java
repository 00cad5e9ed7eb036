/**
 * The runtime state a gateway keeps between requests, behind small interfaces ({@link
 * dev.aiproxy.routing.state.SharedState} and its parts): in this process's memory by default, or in a store several
 * instances share, opened from {@code state:} through a {@link dev.aiproxy.routing.state.SharedStateFactory}.
 */
package dev.aiproxy.routing.state;
