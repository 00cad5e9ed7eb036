/**
 * The usage store of the standalone server, for embedding applications too: every request's record kept in SQLite
 * (a file beside the config, nothing to install), written off the request path, with totals and the request log.
 * Registered as a {@link dev.aiproxy.routing.usage.UsageStoreFactory} through {@link java.util.ServiceLoader}.
 */
package dev.aiproxy.usage;
