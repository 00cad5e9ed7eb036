package dev.aiproxy.providers.openai;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.http.ProviderDefaults;
import java.util.List;

/**
 * Builds providers for type {@code openai-compatible}. An entry named after a preset ({@code openai}, {@code deepseek},
 * {@code groq}, ...) gets the preset's base URL, models and API unless it sets its own. Option {@value #API}:
 * {@code chat-completions} (the default) or {@code responses}, for an upstream, or models, that only OpenAI's
 * Responses API serves.
 */
public final class OpenAiCompatibleProviderFactory implements ProviderFactory {
    public static final String TYPE = "openai-compatible";
    /** The option naming the API an entry calls, {@code chat-completions} or {@code responses}. */
    public static final String API = "api";

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public OpenAiCompatibleProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @throws IllegalArgumentException when the entry has no base URL and names no preset, or its {@value #API} is
     *     neither {@code chat-completions} nor {@code responses}
     */
    @Override
    public Provider create(ProviderConfig config) {
        // an openai-api-key entry with a prefix is named openai-<prefix> and names its preset in an option
        var preset = OpenAiPresets.find(config.options().getOrDefault("preset", config.name()));
        if (config.baseUrl() == null && preset.isEmpty()) {
            throw new IllegalArgumentException("base-url: required for '" + config.name()
                    + "', which is not a known preset (" + String.join(", ", OpenAiPresets.names()) + ")");
        }
        ProviderConfig resolved = ProviderDefaults.apply(config, preset.map(OpenAiPresets.Preset::baseUrl).orElse(null),
                preset.map(OpenAiPresets.Preset::models).orElse(List.of()));
        String api = config.options().get(API);
        return new OpenAiCompatibleProvider(resolved, api != null ? OpenAiApi.of(api.strip())
                : preset.map(OpenAiPresets.Preset::api).orElse(OpenAiApi.CHAT_COMPLETIONS));
    }
}
