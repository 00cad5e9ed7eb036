package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import java.util.function.BiFunction;

/**
 * Finds a usage object at one of a few paths of a JSON document and decodes it, for {@code FormatCodec.usageOf}.
 * Streams over the document, skipping every other value without building it, and builds a tree of the usage object
 * only: a relayed answer is read for its usage on every request once usage is kept, so this is on the hot path.
 * Returns null for anything unreadable: usage accounting must never break an answer.
 */
public final class UsageLocator {
    private UsageLocator() {
    }

    /**
     * @param paths JSON pointers of one or two steps to try, such as {@code /usage} or {@code /message/usage}; the
     *     first found in the document wins
     * @param decoder the format's usage decoder (object, path) to canonical usage
     */
    public static Usage find(byte[] json, BiFunction<JsonNode, String, Usage> decoder, String... paths) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return inObject(p, "", decoder, paths);
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Looks through the fields of the object the parser is in, for a path under {@code prefix}. */
    private static Usage inObject(JsonParser p, String prefix, BiFunction<JsonNode, String, Usage> decoder,
            String... paths) throws java.io.IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String here = prefix + "/" + p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                for (String path : paths) {
                    if (path.equals(here)) {
                        JsonNode node = Json.MAPPER.readTree(p);
                        return decoder.apply(node, path);
                    }
                }
                for (String path : paths) {
                    if (path.startsWith(here + "/")) {
                        Usage found = inObject(p, here, decoder, paths);
                        if (found != null) {
                            return found;
                        }
                        // the object was read to its end: go on with its siblings
                        break;
                    }
                }
                if (p.currentToken() == JsonToken.START_OBJECT) {
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return null;
    }
}
