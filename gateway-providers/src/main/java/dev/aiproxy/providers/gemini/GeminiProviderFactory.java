package dev.aiproxy.providers.gemini;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import java.net.URI;

/**
 * Builds providers for type {@code gemini} (CLIProxyAPI's {@code gemini-api-key}): Google's Gemini API with an API
 * key, at {@code https://generativelanguage.googleapis.com} unless the entry sets another base URL.
 */
public final class GeminiProviderFactory implements ProviderFactory {
    public static final String TYPE = "gemini";
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws IllegalArgumentException when the base URL is not http(s) */
    @Override
    public Provider create(ProviderConfig config) {
        ProviderConfig resolved = config.baseUrl() != null ? config
                : config.toBuilder().baseUrl(DEFAULT_BASE_URL).build();
        String scheme = resolved.baseUrl().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base-url: not an http(s) URL: \"" + resolved.baseUrl() + "\"");
        }
        return new GeminiProvider(resolved);
    }
}
