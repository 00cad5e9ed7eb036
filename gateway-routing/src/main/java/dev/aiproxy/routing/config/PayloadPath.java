package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path into a JSON request body, as payload rules name fields: {@code generationConfig.thinkingConfig},
 * {@code messages.0.content}. The plain subset of gjson's syntax: keys separated by dots, a whole number selects an
 * array element (and names a key on an object), and a backslash makes the next character literal
 * ({@code metadata.a\.b} is the key {@code a.b}). gjson's queries, wildcards and modifiers are refused.
 *
 * @param text the path as written
 * @param keys its keys, unescaped, in order; at least one
 */
public record PayloadPath(String text, List<String> keys) {
    /** Characters gjson reads as syntax, which this subset refuses unless escaped with a backslash. */
    private static final String RESERVED = "#*?|@";

    public PayloadPath {
        requireNonNull(text, "text");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a payload path needs at least one key");
        }
    }

    /**
     * Reads a path.
     *
     * @throws IllegalArgumentException naming the path and what is wrong with it: empty, an empty key, or gjson
     *     syntax this subset does not support ({@code #(...)} queries, {@code *} and {@code ?} wildcards,
     *     {@code @} modifiers, {@code |} pipes, {@code -1} appends, {@code :} forced keys)
     */
    public static PayloadPath parse(String text) {
        requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a payload path must not be empty");
        }
        if (text.charAt(0) == '[' || text.charAt(0) == '{') {
            throw unsupported(text, "'" + text.charAt(0) + "' (gjson multipaths)");
        }
        List<String> keys = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        boolean escaped = false;
        boolean keyHadEscape = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                key.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
                keyHadEscape = true;
            } else if (c == '.') {
                keys.add(checkKey(text, key.toString(), keyHadEscape));
                key.setLength(0);
                keyHadEscape = false;
            } else if (RESERVED.indexOf(c) >= 0) {
                throw unsupported(text, "'" + c + "'");
            } else if (c == ':' && key.isEmpty() && !keyHadEscape) {
                throw unsupported(text, "':' at the start of a key (sjson forced keys); escape it as '\\:'");
            } else {
                key.append(c);
            }
        }
        if (escaped) {
            throw new IllegalArgumentException("the payload path \"" + text + "\" ends with a lone backslash");
        }
        keys.add(checkKey(text, key.toString(), keyHadEscape));
        return new PayloadPath(text, keys);
    }

    /** The array index a key selects, or -1 when it is not a whole number. */
    public static int indexOf(String key) {
        if (key.isEmpty() || key.length() > 9) {
            return -1;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(key);
    }

    private static String checkKey(String text, String key, boolean hadEscape) {
        if (key.isEmpty() && !hadEscape) {
            throw new IllegalArgumentException("the payload path \"" + text + "\" has an empty key (two dots in a "
                    + "row, or a dot at the start or end)");
        }
        if (key.equals("-1") && !hadEscape) {
            throw unsupported(text, "'-1' (sjson appends to an array); name the index instead");
        }
        return key;
    }

    private static IllegalArgumentException unsupported(String text, String what) {
        return new IllegalArgumentException("unsupported path syntax in \"" + text + "\": " + what + ". gjson "
                + "queries such as #(...), wildcards and modifiers are not supported; use dotted keys and array "
                + "indices, such as messages.0.content, and a backslash before a literal '.', '#', '*', '?', '|' "
                + "or '@'");
    }

    @Override
    public String toString() {
        return text;
    }
}
