package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads one JSON object with the streaming parser for a reader that takes only the shapes it knows and leaves
 * everything else to the tree-based path: a null from the reader, malformed JSON, anything but one object, or
 * anything after it, all give null.
 */
public final class StreamedObject {
    /** Reads the object's fields; the parser is on its start, and must be left on its end. Null to give up. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    private StreamedObject() {
    }

    /** What {@code reader} made of {@code json}, or null. */
    public static <T> T read(String json, Reader<T> reader) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            return read(p, reader);
        } catch (IOException e) {
            return null;
        }
    }

    /** What {@code reader} made of the UTF-8 {@code json}, or null. */
    public static <T> T read(byte[] json, Reader<T> reader) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            return read(p, reader);
        } catch (IOException e) {
            return null;
        }
    }

    private static <T> T read(JsonParser p, Reader<T> reader) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        T value = reader.read(p);
        return value != null && p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? value : null;
    }
}
