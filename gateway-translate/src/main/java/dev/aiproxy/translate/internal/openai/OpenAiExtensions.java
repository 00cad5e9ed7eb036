package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.translate.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code openai.<field>} extensions both OpenAI codecs keep for fields the canonical model does not hold. */
public final class OpenAiExtensions {
    private OpenAiExtensions() {
    }

    /** Every field of {@code node} not in {@code mapped}, as {@code openai.<name>} raw JSON. */
    public static Extensions unmapped(JsonNode node, Set<String> mapped) {
        Map<String, String> out = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!mapped.contains(e.getKey())) {
                if (out == null) {
                    out = new LinkedHashMap<>();
                }
                out.put("openai." + e.getKey(), Json.toText(e.getValue()));
            }
        }
        return out == null ? Extensions.EMPTY : new Extensions(out);
    }
}
