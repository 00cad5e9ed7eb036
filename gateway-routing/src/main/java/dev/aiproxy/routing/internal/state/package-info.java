/** The default {@link dev.aiproxy.routing.state.SharedState}: every kind of state in this process's memory. */
package dev.aiproxy.routing.internal.state;
