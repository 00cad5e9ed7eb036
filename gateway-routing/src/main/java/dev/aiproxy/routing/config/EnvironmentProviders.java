package dev.aiproxy.routing.config;

import dev.aiproxy.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Providers taken from the well-known key variables when no config file is given, each in its native API. */
final class EnvironmentProviders {
    private EnvironmentProviders() {
    }

    static List<ProviderConfig> from(Map<String, String> env) {
        List<ProviderConfig> out = new ArrayList<>();
        add(out, env, "OPENAI_API_KEY", "openai", "openai-compatible");
        add(out, env, "ANTHROPIC_API_KEY", "claude", "claude");
        add(out, env, "GEMINI_API_KEY", "gemini", "gemini");
        return out;
    }

    private static void add(List<ProviderConfig> out, Map<String, String> env, String variable, String name,
            String type) {
        String key = env.get(variable);
        if (key != null && !key.isBlank()) {
            out.add(ProviderConfig.builder(name, type).apiKey(key.strip()).build());
        }
    }
}
