package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Fields of Anthropic objects that the canonical model has no place for ({@code cache_control}, {@code citations},
 * {@code metadata}, ...), kept in {@link Extensions} under their JSON path so an Anthropic encoder can put each back
 * on the object it came from. Keys are {@code anthropic.<field>} for top-level fields and
 * {@code anthropic.<path>.<field>} for nested ones ({@code anthropic.tools[0].cache_control},
 * {@code anthropic.content[2].cache_control} on a message).
 */
final class AnthropicExtras {
    static final String FAMILY = "anthropic";
    private static final String PREFIX = FAMILY + ".";

    private AnthropicExtras() {
    }

    /** Puts every field of {@code node} that is not in {@code known} into {@code into}, under {@code path}. */
    static void collect(JsonNode node, Set<String> known, String path, Map<String, String> into) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                into.put(key(path, e.getKey()), Json.toText(e.getValue()));
            }
        }
    }

    /** The extension key of {@code field} at {@code path}. */
    static String key(String path, String field) {
        return PREFIX + (path.isEmpty() ? "" : path + ".") + field;
    }

    /**
     * Writes the fields kept for the object at {@code path}, except those in {@code written}, which the encoder
     * already wrote from the canonical model (the canonical value wins).
     */
    static void write(JsonGenerator gen, Extensions extensions, String path, Set<String> written) throws IOException {
        if (extensions.isEmpty()) {
            return;
        }
        String prefix = PREFIX + (path.isEmpty() ? "" : path + ".");
        for (Map.Entry<String, String> e : extensions.rawJson().entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String field = e.getKey().substring(prefix.length());
            if (field.indexOf('.') < 0 && field.indexOf('[') < 0 && !written.contains(field)) {
                gen.writeFieldName(field);
                gen.writeRawValue(e.getValue());
            }
        }
    }

    /** Whether any field is kept for the object at {@code path}. */
    static boolean any(Extensions extensions, String path) {
        String prefix = PREFIX + (path.isEmpty() ? "" : path + ".");
        for (String key : extensions.rawJson().keySet()) {
            if (key.startsWith(prefix)) {
                String field = key.substring(prefix.length());
                if (field.indexOf('.') < 0 && field.indexOf('[') < 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
