package dev.aiproxy.routing.config;

/**
 * Input limits.
 *
 * @param maxRequestBodyBytes the largest request body accepted; a larger one gets HTTP 413
 */
public record Limits(long maxRequestBodyBytes) {
    /** 32 MiB: room for a few base64 images (OpenAI accepts up to 20 MB per image), not for a runaway upload. */
    public static final Limits DEFAULTS = new Limits(32L * 1024 * 1024);

    public Limits {
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("max-request-body must be at least 1 byte, was " + maxRequestBodyBytes);
        }
    }
}
