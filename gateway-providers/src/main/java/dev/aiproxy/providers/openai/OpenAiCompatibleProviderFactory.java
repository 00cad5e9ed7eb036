package dev.aiproxy.providers.openai;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;

/**
 * Builds providers for type {@code openai-compatible}. An entry named after a preset ({@code openai}, {@code deepseek},
 * {@code groq}, ...) gets the preset's base URL and models unless it sets its own.
 */
public final class OpenAiCompatibleProviderFactory implements ProviderFactory {
    public static final String TYPE = "openai-compatible";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Provider create(ProviderConfig config) {
        ProviderConfig resolved = config;
        var preset = OpenAiPresets.find(config.name());
        if (config.baseUrl() == null) {
            resolved = resolved.toBuilder().baseUrl(preset.map(OpenAiPresets.Preset::baseUrl).orElseThrow(() ->
                    new IllegalArgumentException("base-url: required for '" + config.name()
                            + "', which is not a known preset (" + String.join(", ", OpenAiPresets.names()) + ")")))
                    .build();
        }
        if (resolved.models().isEmpty() && preset.isPresent()) {
            resolved = resolved.toBuilder().models(preset.get().models()).build();
        }
        String scheme = resolved.baseUrl().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base-url: not an http(s) URL: \"" + resolved.baseUrl() + "\"");
        }
        return new OpenAiCompatibleProvider(resolved);
    }
}
