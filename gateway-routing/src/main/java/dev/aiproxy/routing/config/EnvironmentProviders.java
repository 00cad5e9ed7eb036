package dev.aiproxy.routing.config;

import dev.aiproxy.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Providers taken from the well-known key variables when no config file is given. Anthropic and Gemini are reached
 * through their documented OpenAI-compatible endpoints (presets {@code anthropic-openai} and {@code gemini-openai}).
 */
final class EnvironmentProviders {
    private EnvironmentProviders() {
    }

    static List<ProviderConfig> from(Map<String, String> env) {
        List<ProviderConfig> out = new ArrayList<>();
        add(out, env, "OPENAI_API_KEY", "openai");
        add(out, env, "ANTHROPIC_API_KEY", "anthropic-openai");
        add(out, env, "GEMINI_API_KEY", "gemini-openai");
        return out;
    }

    private static void add(List<ProviderConfig> out, Map<String, String> env, String variable, String preset) {
        String key = env.get(variable);
        if (key != null && !key.isBlank()) {
            out.add(ProviderConfig.builder(preset, "openai-compatible").apiKey(key.strip()).build());
        }
    }
}
