package dev.aiproxy.providers.azure;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.http.ProviderDefaults;
import java.util.List;
import java.util.Set;

/**
 * Builds providers for type {@code azure-openai}. The entry's {@code base-url} is the resource's endpoint
 * ({@code https://my-resource.openai.azure.com}), its models are the deployments ({@code name}: the deployment,
 * {@code alias}: the name clients use). Options: {@code api-version} ({@value #DEFAULT_API_VERSION} by default, or a
 * dated version such as {@code 2024-10-21} for the deployment URLs) and {@code auth} ({@code api-key} by default, or
 * {@code bearer} for Microsoft Entra ID tokens).
 */
public final class AzureOpenAiProviderFactory implements ProviderFactory {
    public static final String TYPE = "azure-openai";
    /** The option naming the API version, {@code v1} or a date. */
    public static final String API_VERSION = "api-version";
    /** The option naming how keys are sent, {@code api-key} or {@code bearer}. */
    public static final String AUTH = "auth";
    /** The v1 API, which Azure recommends since August 2025 and which needs no monthly version. */
    public static final String DEFAULT_API_VERSION = AzureOpenAiUrls.V1;
    private static final Set<String> OPTIONS = Set.of(API_VERSION, AUTH);

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public AzureOpenAiProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @throws IllegalArgumentException when the entry has no endpoint, no deployments, an unknown option, or an option
     *     value Azure does not know
     */
    @Override
    public Provider create(ProviderConfig config) {
        ProviderDefaults.checkOptions(config, OPTIONS);
        if (config.baseUrl() == null && config.credentials().stream().anyMatch(c -> c.baseUrl() == null)) {
            throw new IllegalArgumentException("base-url: required, the resource's endpoint, such as "
                    + "https://my-resource.openai.azure.com");
        }
        if (config.models().isEmpty() && config.credentials().stream().anyMatch(c -> c.models().isEmpty())) {
            throw new IllegalArgumentException("models: required, one per deployment: '- name: <deployment>', "
                    + "and 'alias: <the name clients use>' when it differs");
        }
        String apiVersion = AzureOpenAiUrls.checkVersion(config.options().getOrDefault(API_VERSION,
                DEFAULT_API_VERSION).strip());
        AzureAuth auth = AzureAuth.of(config.options().getOrDefault(AUTH, AzureAuth.API_KEY.optionValue()).strip());
        ProviderConfig resolved = config.baseUrl() == null ? config
                : ProviderDefaults.apply(config, config.baseUrl(), List.of());
        return new AzureOpenAiProvider(resolved, apiVersion, auth);
    }
}
