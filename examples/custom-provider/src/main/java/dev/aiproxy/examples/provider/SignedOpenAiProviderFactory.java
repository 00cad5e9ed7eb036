package dev.aiproxy.examples.provider;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;

/**
 * Provider type {@code signed-openai}. Configured like any provider:
 * <pre>
 * providers:
 *   - name: inhouse
 *     type: signed-openai
 *     base-url: https://llm.internal.example/v1
 *     api-key-entries:
 *       - api-key: ${INHOUSE_SIGNING_SECRET}
 *     models:
 *       - name: inhouse-large
 *     options:
 *       key-id: team-a
 * </pre>
 */
public final class SignedOpenAiProviderFactory implements ProviderFactory {
    @Override
    public String type() {
        return "signed-openai";
    }

    @Override
    public Provider create(ProviderConfig config) {
        if (config.baseUrl() == null) {
            throw new IllegalArgumentException("base-url: required for type signed-openai");
        }
        if (config.credentials().stream().anyMatch(c -> c.apiKey() == null)) {
            throw new IllegalArgumentException("api-key: every key entry needs the signing secret");
        }
        String keyId = config.options().get("key-id");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("options.key-id: required, names the signing key to the server");
        }
        return new SignedOpenAiProvider(config, keyId);
    }
}
