package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Plain text. */
public record Text(String text) implements ContentPart {
    public Text {
        requireNonNull(text, "text");
    }

    /** The text parts of {@code parts}, joined; other kinds of part are skipped. */
    public static String join(List<ContentPart> parts) {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
