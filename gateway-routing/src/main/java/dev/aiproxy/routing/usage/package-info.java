/**
 * Usage kept beyond one request: the {@link dev.aiproxy.routing.usage.UsageStore} SPI that records every request's
 * {@link dev.aiproxy.routing.UsageRecord} off the request path, and the queries over what it kept (totals by client,
 * model, provider, day or hour; the request log, a page at a time). The {@code gateway-usage} module implements it
 * with SQLite (and PostgreSQL); an application may implement its own.
 */
package dev.aiproxy.routing.usage;
