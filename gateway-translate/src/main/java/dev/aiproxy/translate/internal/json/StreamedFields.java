package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value the streaming parser is on, read exactly as {@link Fields} reads the same value from a tree, or null when
 * {@link Fields} would read it differently or refuse it: a {@link StreamedObject} reader then gives up, and the tree
 * path gives the value its full treatment and its error. JSON {@code null} is the caller's to handle (to
 * {@link Fields}, an absent field).
 */
public final class StreamedFields {
    private StreamedFields() {
    }

    /** A string, as {@link Fields#text}. */
    public static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /** A boolean, as {@link Fields#bool}. */
    public static Boolean bool(JsonParser p) {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * A number, as {@link Fields#number}: a tree holds a fraction as the parser's double and an integer as an int or
     * a long, whose double is the same; a larger integer is left to the tree.
     */
    public static Double number(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return null;
        }
        return switch (p.getNumberType()) {
            case INT -> (double) p.getIntValue();
            case LONG -> (double) p.getLongValue();
            default -> null;
        };
    }

    /** An integer that fits an int, as {@link Fields#integer}. */
    public static Integer integer(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                ? p.getIntValue() : null;
    }

    /** An array of strings (the parser on its start, left on its end), or null for any other element. */
    public static List<String> texts(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        return t == JsonToken.END_ARRAY ? out : null;
    }

    /**
     * The text of the object whose start the parser is on when it is exactly {@code {"type": type, "text": "..."}}
     * (both strings, each once, in either order, nothing else), the parser left on its end; otherwise null. Text parts,
     * Anthropic's text blocks and their stream's text deltas all have this shape.
     */
    public static String typedText(JsonParser p, String type) throws IOException {
        boolean typed = false;
        String text = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            switch (name) {
                case "type" -> {
                    if (typed || !p.getText().equals(type)) {
                        return null;
                    }
                    typed = true;
                }
                case "text" -> {
                    if (text != null) {
                        return null;
                    }
                    text = p.getText();
                }
                default -> {
                    return null;
                }
            }
        }
        return t == JsonToken.END_OBJECT && typed ? text : null;
    }
}
