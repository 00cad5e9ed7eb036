/**
 * The gateway's configuration: one YAML file, a compatible subset of CLIProxyAPI's {@code config.yaml}, loaded with
 * snakeyaml into the immutable {@link dev.aiproxy.routing.config.GatewayConfig}. Every problem is reported at once
 * with file, line and key; see docs/configuration.md.
 */
package dev.aiproxy.routing.config;
