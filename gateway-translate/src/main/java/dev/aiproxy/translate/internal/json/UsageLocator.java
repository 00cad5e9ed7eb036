package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import java.util.function.BiFunction;

/**
 * Finds a usage object at one of a few paths of a JSON document and decodes it, for {@code FormatCodec.usageOf}.
 * Returns null for anything unreadable: usage accounting must never break an answer.
 */
public final class UsageLocator {
    private UsageLocator() {
    }

    /**
     * @param paths JSON pointers to try in order, such as {@code /usage} or {@code /message/usage}
     * @param decoder the format's usage decoder (object, path) to canonical usage
     */
    public static Usage find(byte[] json, BiFunction<JsonNode, String, Usage> decoder, String... paths) {
        try {
            JsonNode root = Json.parse(json);
            for (String path : paths) {
                JsonNode node = root.at(path);
                if (node.isObject()) {
                    return decoder.apply(node, path);
                }
            }
            return null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
