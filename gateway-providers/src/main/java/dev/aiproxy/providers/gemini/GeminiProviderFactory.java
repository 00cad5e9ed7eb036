package dev.aiproxy.providers.gemini;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.http.ProviderDefaults;
import dev.aiproxy.api.spi.ModelMapping;
import java.util.List;
import java.net.URI;

/**
 * Builds providers for type {@code gemini} (CLIProxyAPI's {@code gemini-api-key}): Google's Gemini API with an API
 * key, at {@code https://generativelanguage.googleapis.com} unless the entry sets another base URL.
 */
public final class GeminiProviderFactory implements ProviderFactory {
    public static final String TYPE = "gemini";
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    /**
     * Served when neither the entry nor any of its keys lists models: the stable Gemini models
     * (https://ai.google.dev/gemini-api/docs/models).
     */
    public static final List<ModelMapping> DEFAULT_MODELS = List.of(ModelMapping.of("gemini-2.5-pro"),
            ModelMapping.of("gemini-2.5-flash"), ModelMapping.of("gemini-2.5-flash-lite"),
            ModelMapping.of("gemini-2.0-flash"));

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public GeminiProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws IllegalArgumentException when the base URL is not http(s) */
    @Override
    public Provider create(ProviderConfig config) {
        return new GeminiProvider(ProviderDefaults.apply(config, DEFAULT_BASE_URL, DEFAULT_MODELS));
    }
}
