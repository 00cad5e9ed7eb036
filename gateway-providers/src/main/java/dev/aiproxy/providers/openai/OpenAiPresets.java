package dev.aiproxy.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.spi.ModelMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The known OpenAI-compatible upstreams, by name, read once from {@code presets.json}. */
public final class OpenAiPresets {
    /**
     * One known upstream: where it lives, a starting list of its models, and the API it is called through
     * ({@code "api"} in the file, Chat Completions when absent).
     */
    record Preset(String name, URI baseUrl, List<ModelMapping> models, OpenAiApi api) {
    }

    private static final Map<String, Preset> PRESETS = load();

    private OpenAiPresets() {
    }

    /** The preset of that name, if there is one. */
    static Optional<Preset> find(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    /** All preset names, in file order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    private static Map<String, Preset> load() {
        try (InputStream in = OpenAiPresets.class.getResourceAsStream("presets.json")) {
            if (in == null) {
                throw new IllegalStateException("presets.json is missing from the gateway-providers jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Preset> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (e.getKey().startsWith("_")) {
                    continue;
                }
                List<ModelMapping> models = new ArrayList<>();
                e.getValue().path("models").forEach(m -> models.add(ModelMapping.of(m.asText())));
                OpenAiApi api = OpenAiApi.of(e.getValue().path("api").asText(OpenAiApi.CHAT_COMPLETIONS.optionValue()));
                out.put(e.getKey(), new Preset(e.getKey(), URI.create(e.getValue().path("base-url").asText()), models,
                        api));
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading presets.json", e);
        }
    }
}
