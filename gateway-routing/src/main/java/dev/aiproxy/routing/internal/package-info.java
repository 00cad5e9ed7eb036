/** The request path behind the {@link dev.aiproxy.routing.Gateway}; not public API. */
package dev.aiproxy.routing.internal;
