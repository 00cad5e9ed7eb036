package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/** Plain text. */
public record Text(String text) implements ContentPart {
    public Text {
        requireNonNull(text, "text");
    }
}
