package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one shared Jackson mapper and factory, plus the few parse and write calls every codec makes. */
public final class Json {
    /**
     * Shared and thread-safe. Limits: deep nesting is refused early (a tool schema is rarely deeper than 20), and a
     * single string may be as large as a base64 image. Parsers' and generators' buffers come from one shared lock-free
     * pool: Jackson's default pool keeps them per thread, and every request runs on a new virtual thread, so each
     * request allocated its own (an 8 KB output and a 4 KB text buffer per generator: 44% of what a translated JSON
     * request allocated, 35.0 -> 19.6 KB; docs/performance.md).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(200)
                            .maxStringLength(64 * 1024 * 1024)
                            .maxNumberLength(100)
                            .build())
                    .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
                    .build())
            .build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /**
     * Parses a whole document into a tree.
     *
     * @throws JsonShapeException when the bytes are not one JSON value
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new JsonShapeException("", "empty body, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JsonShapeException("", describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array", e);
        }
    }

    /** Parses text into a tree; see {@link #parse(byte[])}. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new JsonShapeException("", "empty text, expected a JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JsonShapeException("", describe(e));
        }
    }

    /**
     * A parse error as a client should read it: what is wrong and where, without Jackson's source description.
     */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage();
        for (String cut : new String[] {" (for ", "\n at [Source", " at [Source"}) {
            int at = message.indexOf(cut);
            if (at > 0) {
                message = message.substring(0, at);
            }
        }
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        var location = e.getLocation();
        return "malformed JSON" + (location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr()) + ": " + message;
    }

    /** Serialises a tree to compact JSON text. */
    public static String toText(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }

    /** Writes one JSON document with a streaming generator and returns its bytes. */
    public static byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writer.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** Writes JSON with a generator. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator gen) throws IOException;
    }
}
