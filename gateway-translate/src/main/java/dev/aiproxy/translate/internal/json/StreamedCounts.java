package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * Reads the token counts of a usage object with the streaming parser, each as {@link Fields#count} reads it from a
 * tree (absent or null is 0), for a usage decoder that needs nothing else from the object: a usage object is in every
 * answer, and a tree of it was a map and a node per field. Other fields are skipped, as the decoders ignore them.
 * Anything the tree would read differently or reject gives up: a count that is not a non-negative integer that fits
 * a long, a count or an object of counts twice (a tree keeps the last one), an object of counts that is not an object.
 */
public final class StreamedCounts {
    private StreamedCounts() {
    }

    /**
     * The counts of the object whose start the parser is on, in the order of {@code names}, leaving the parser on its
     * end; null to give up.
     *
     * @param names field names, or {@code object.field} for a count in an object field ({@code
     *     prompt_tokens_details.cached_tokens}), which must then be an object or null
     */
    public static long[] read(JsonParser p, List<String> names) throws IOException {
        long[] counts = new long[names.size()];
        boolean[] seen = new boolean[names.size()];
        long objectsSeen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int i = indexOf(names, "", name);
            if (i >= 0) {
                if (!count(p, value, i, counts, seen)) {
                    return null;
                }
                continue;
            }
            int first = firstIn(names, name);
            if (first < 0) {
                p.skipChildren();
                continue;
            }
            if (first >= Long.SIZE || (objectsSeen & 1L << first) != 0) {
                return null;
            }
            objectsSeen |= 1L << first;
            if (value == JsonToken.START_OBJECT) {
                if (!nested(p, names, name, counts, seen)) {
                    return null;
                }
            } else if (value != JsonToken.VALUE_NULL) {
                return null;
            }
        }
        return t == JsonToken.END_OBJECT ? counts : null;
    }

    /** The counts of the object field {@code object}, whose start the parser is on. */
    private static boolean nested(JsonParser p, List<String> names, String object, long[] counts, boolean[] seen)
            throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            int i = indexOf(names, object, p.currentName());
            JsonToken value = p.nextToken();
            if (i < 0) {
                p.skipChildren();
            } else if (!count(p, value, i, counts, seen)) {
                return false;
            }
        }
        return t == JsonToken.END_OBJECT;
    }

    private static boolean count(JsonParser p, JsonToken value, int i, long[] counts, boolean[] seen)
            throws IOException {
        if (seen[i]) {
            return false;
        }
        seen[i] = true;
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= 0) {
            counts[i] = p.getLongValue();
            return true;
        }
        return value == JsonToken.VALUE_NULL;
    }

    /** The index of {@code field} (in {@code object} when that is not empty) among {@code names}, or -1. */
    private static int indexOf(List<String> names, String object, String field) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (object.isEmpty() ? n.equals(field) && n.indexOf('.') < 0
                    : n.length() == object.length() + 1 + field.length() && n.startsWith(object)
                            && n.charAt(object.length()) == '.' && n.endsWith(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first name in the object field {@code object}, or -1 when it holds none. */
    private static int firstIn(List<String> names, String object) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.length() > object.length() + 1 && n.startsWith(object) && n.charAt(object.length()) == '.') {
                return i;
            }
        }
        return -1;
    }
}
