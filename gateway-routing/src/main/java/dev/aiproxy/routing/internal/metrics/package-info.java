/** What turns each request's usage record into meters, with label values kept to a bounded set. */
package dev.aiproxy.routing.internal.metrics;
