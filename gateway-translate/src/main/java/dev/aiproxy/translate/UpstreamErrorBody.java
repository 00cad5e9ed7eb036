package dev.aiproxy.translate;

import static java.util.Objects.requireNonNull;

/**
 * What an upstream error body said, in its own vocabulary.
 *
 * @param message the human-readable message (may contain echoes of secrets; redact before use)
 * @param type the format's error type ({@code invalid_request_error}, {@code RESOURCE_EXHAUSTED}), or null
 * @param code the format's error code, or null
 */
public record UpstreamErrorBody(String message, String type, String code) {
    public UpstreamErrorBody {
        requireNonNull(message, "message");
    }
}
