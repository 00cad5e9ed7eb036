package dev.aiproxy.translate;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What an upstream error body said, in its own vocabulary.
 *
 * @param message the human-readable message (may contain echoes of secrets; redact before use)
 * @param type the format's error type ({@code invalid_request_error}, {@code RESOURCE_EXHAUSTED}), or null
 * @param code the format's error code, or null
 * @param retryAfter how long the body says to wait before retrying (Gemini's {@code RetryInfo}), or null; a
 *     {@code Retry-After} header, when the upstream sent one, takes precedence
 * @param keyRejected whether the body says the upstream rejected the key it was sent, whatever the status: Gemini
 *     answers a bad key with 400 {@code API_KEY_INVALID}, not 401
 */
public record UpstreamErrorBody(String message, String type, String code, Duration retryAfter, boolean keyRejected) {
    public UpstreamErrorBody {
        requireNonNull(message, "message");
    }

    /** A body that says nothing about when to retry, and nothing about the key beyond its status. */
    public UpstreamErrorBody(String message, String type, String code) {
        this(message, type, code, null, false);
    }
}
