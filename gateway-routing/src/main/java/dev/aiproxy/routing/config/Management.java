package dev.aiproxy.routing.config;

/**
 * Who may operate the running gateway: {@code remote-management:} in the file.
 *
 * @param secretHash SHA-256 (hex) of the management secret, or null: then the management API, the dashboard and
 *     the debug header are off (the API answers 404)
 * @param allowRemote whether the management API answers clients beyond loopback; off by default (403)
 * @param controlPanel whether the server serves the dashboard; on by default (with a secret),
 *     {@code disable-control-panel: true} turns it off
 */
public record Management(String secretHash, boolean allowRemote, boolean controlPanel) {
    /** No secret: nothing can be managed over HTTP. */
    public static final Management OFF = new Management(null, false, true);

    public Management {
        if (secretHash != null && !secretHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the management secret's hash must be 64 lowercase hex digits");
        }
    }

    /** Whether a secret is configured. */
    public boolean enabled() {
        return secretHash != null;
    }

    public Management withSecretHash(String hash) {
        return new Management(hash, allowRemote, controlPanel);
    }
}
