package dev.aiproxy.api.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fields a format sent that the canonical model does not hold, kept so they are never dropped silently. Keys are
 * {@code <family>.<field>} ({@code openai.logit_bias}); values are the raw JSON text of the field's value, so a codec
 * of the same family can write them back exactly.
 */
public record Extensions(Map<String, String> rawJson) {
    public static final Extensions EMPTY = new Extensions(Map.of());

    public Extensions {
        rawJson = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rawJson));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(rawJson.get(key));
    }

    public boolean isEmpty() {
        return rawJson.isEmpty();
    }

    /** A copy with one more entry. */
    public Extensions with(String key, String json) {
        Map<String, String> copy = new LinkedHashMap<>(rawJson);
        copy.put(key, json);
        return new Extensions(copy);
    }

    /** A copy without one entry. */
    public Extensions without(String key) {
        if (!rawJson.containsKey(key)) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(rawJson);
        copy.remove(key);
        return new Extensions(copy);
    }

    /** The entries of one family ({@code openai}, {@code anthropic}, {@code gemini}) with the prefix removed. */
    public Map<String, String> family(String family) {
        String prefix = family + ".";
        Map<String, String> out = new LinkedHashMap<>();
        rawJson.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
