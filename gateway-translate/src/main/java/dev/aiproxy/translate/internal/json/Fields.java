package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of JSON object fields that fail with a {@link JsonShapeException} naming the path, so type-confused
 * input never escapes as an unchecked exception of another kind. Optional getters return null when the field is absent
 * or JSON {@code null}.
 */
public final class Fields {
    private Fields() {
    }

    public static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    public static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The node itself as an object. */
    public static JsonNode requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new JsonShapeException(path, "expected an object, got " + kind(node));
        }
        return node;
    }

    public static JsonNode field(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public static String text(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new JsonShapeException(path(path, field), "expected a string, got " + kind(v));
        }
        return v.textValue();
    }

    public static String requireText(JsonNode obj, String field, String path) {
        String v = text(obj, field, path);
        if (v == null) {
            throw new JsonShapeException(path(path, field), "required string is missing");
        }
        return v;
    }

    public static JsonNode object(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v != null && !v.isObject()) {
            throw new JsonShapeException(path(path, field), "expected an object, got " + kind(v));
        }
        return v;
    }

    public static JsonNode requireObject(JsonNode obj, String field, String path) {
        JsonNode v = object(obj, field, path);
        if (v == null) {
            throw new JsonShapeException(path(path, field), "required object is missing");
        }
        return v;
    }

    public static JsonNode array(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v != null && !v.isArray()) {
            throw new JsonShapeException(path(path, field), "expected an array, got " + kind(v));
        }
        return v;
    }

    public static JsonNode requireArray(JsonNode obj, String field, String path) {
        JsonNode v = array(obj, field, path);
        if (v == null) {
            throw new JsonShapeException(path(path, field), "required array is missing");
        }
        return v;
    }

    public static Boolean bool(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new JsonShapeException(path(path, field), "expected a boolean, got " + kind(v));
        }
        return v.booleanValue();
    }

    public static Double number(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw new JsonShapeException(path(path, field), "expected a number, got " + kind(v));
        }
        return v.doubleValue();
    }

    public static Integer integer(JsonNode obj, String field, String path) {
        JsonNode v = field(obj, field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new JsonShapeException(path(path, field), "expected an integer, got " + describe(v));
        }
        return v.intValue();
    }

    /** A non-negative token count; absent or null is 0. */
    public static long count(JsonNode obj, String field, String path) {
        if (obj == null) {
            return 0;
        }
        JsonNode v = field(obj, field);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new JsonShapeException(path(path, field), "expected a non-negative integer, got " + describe(v));
        }
        return v.longValue();
    }

    /** A non-negative token count that must be there: an answer that leaves it out says nothing, not 0. */
    public static long requireCount(JsonNode obj, String field, String path) {
        if (field(obj, field) == null) {
            throw new JsonShapeException(path(path, field), "required integer is missing");
        }
        return count(obj, field, path);
    }

    /**
     * The count {@code field} of a token-count answer, a JSON object that must hold it.
     *
     * @throws dev.aiproxy.api.error.UpstreamException (502) when the answer is not such an object
     */
    public static long requireCountIn(byte[] answer, String field) {
        try {
            return requireCount(requireObject(Json.parse(answer), ""), field, "");
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable token count");
        }
    }

    /** What kind of JSON value a node is, for error messages. */
    public static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static String describe(JsonNode v) {
        return v.isNumber() ? v.asText() : kind(v);
    }
}
