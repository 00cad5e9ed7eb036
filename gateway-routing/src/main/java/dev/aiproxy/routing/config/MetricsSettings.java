package dev.aiproxy.routing.config;

/**
 * Who may read the server's {@code /metrics}: {@code metrics:} in the file.
 *
 * @param publicEndpoint whether {@code /metrics} answers without the management secret ({@code public: true}), for a
 *     Prometheus scraper on a trusted network; off by default, when it is guarded exactly like the management API
 *     (404 without a secret, 403 beyond loopback without {@code allow-remote}, 401 without the secret)
 */
public record MetricsSettings(boolean publicEndpoint) {
    /** Guarded like the management API. */
    public static final MetricsSettings DEFAULTS = new MetricsSettings(false);
}
