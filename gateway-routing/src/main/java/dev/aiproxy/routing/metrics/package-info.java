/**
 * The gateway's meters, for Micrometer: {@link dev.aiproxy.routing.metrics.GatewayMetrics} binds them to a registry the
 * application hands it (Prometheus, a Spring Boot application's own). Micrometer is an optional dependency of this
 * module: only an application that uses this package needs it on its class path.
 */
package dev.aiproxy.routing.metrics;
