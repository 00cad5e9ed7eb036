package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

/** A system prompt the gateway puts into requests: a client's, or a provider entry's. */
public record SystemPrompt(Mode mode, String text) {

    /** Whether it goes before the request's own system prompt or replaces it. */
    public enum Mode { PREPEND, REPLACE }

    public SystemPrompt {
        requireNonNull(mode, "mode");
        requireNonNull(text, "text");
    }
}
