package dev.aiproxy.providers.anthropic;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.http.ProviderDefaults;
import dev.aiproxy.api.spi.ModelMapping;
import java.net.URI;
import java.util.List;

/**
 * Builds providers for type {@code claude}: the Anthropic API, or any upstream that speaks Anthropic Messages. The base
 * URL defaults to {@link #DEFAULT_BASE_URL} and is given without {@code /v1}.
 */
public final class AnthropicProviderFactory implements ProviderFactory {
    public static final String TYPE = "claude";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    /**
     * Served when neither the entry nor any of its keys lists models: Anthropic's current aliases, which always
     * point at the latest snapshot (https://docs.anthropic.com/en/docs/about-claude/models/overview).
     */
    public static final List<ModelMapping> DEFAULT_MODELS = List.of(ModelMapping.of("claude-sonnet-4-5"),
            ModelMapping.of("claude-opus-4-5"), ModelMapping.of("claude-opus-4-1"), ModelMapping.of("claude-haiku-4-5"));

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public AnthropicProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new AnthropicProvider(ProviderDefaults.apply(config, DEFAULT_BASE_URL, DEFAULT_MODELS));
    }
}
