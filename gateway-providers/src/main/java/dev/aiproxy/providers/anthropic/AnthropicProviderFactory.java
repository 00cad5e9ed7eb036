package dev.aiproxy.providers.anthropic;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import java.net.URI;

/**
 * Builds providers for type {@code claude}: the Anthropic API, or any upstream that speaks Anthropic Messages. The base
 * URL defaults to {@link #DEFAULT_BASE_URL} and is given without {@code /v1}.
 */
public final class AnthropicProviderFactory implements ProviderFactory {
    public static final String TYPE = "claude";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Provider create(ProviderConfig config) {
        ProviderConfig resolved = config.baseUrl() != null ? config
                : config.toBuilder().baseUrl(DEFAULT_BASE_URL).build();
        String scheme = resolved.baseUrl().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base-url: not an http(s) URL: \"" + resolved.baseUrl() + "\"");
        }
        return new AnthropicProvider(resolved);
    }
}
