package dev.aiproxy.bedrock;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.bedrock.internal.BedrockProviders;
import dev.aiproxy.providers.http.ProviderDefaults;
import java.util.Set;

/**
 * Builds providers for type {@code bedrock}: Amazon Bedrock's runtime in one AWS region. Its models are Bedrock model
 * ids or inference profiles ({@code name: anthropic.claude-sonnet-4-5-20250929-v1:0} or
 * {@code us.anthropic.claude-...}, {@code alias}: the name clients use). Options: {@code region} (else
 * {@code AWS_REGION} or the profile's), {@code auth} ({@code sigv4}, the default, or {@code api-key} for Bedrock API
 * keys) and {@code profile} (a named profile of the shared AWS files, for keys without an {@code api-key}).
 */
public final class BedrockProviderFactory implements ProviderFactory {
    public static final String TYPE = "bedrock";
    /** The option naming the AWS region, such as {@code us-east-1}. */
    public static final String REGION = "region";
    /** The option naming how calls are authorised, {@code sigv4} or {@code api-key}. */
    public static final String AUTH = "auth";
    /** The option naming a profile of the shared AWS config and credentials files. */
    public static final String PROFILE = "profile";
    private static final Set<String> OPTIONS = Set.of(REGION, AUTH, PROFILE);

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public BedrockProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @throws IllegalArgumentException when the entry has an unknown option, no models, no region to be found, an
     *     unknown {@code auth}, a key that is not {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]} (sigv4) or
     *     no key (api-key)
     */
    @Override
    public Provider create(ProviderConfig config) {
        ProviderDefaults.checkOptions(config, OPTIONS);
        if (config.models().isEmpty() && config.credentials().stream().anyMatch(c -> c.models().isEmpty())) {
            throw new IllegalArgumentException("models: required, Bedrock model ids or inference profiles: "
                    + "'- name: anthropic.claude-sonnet-4-5-20250929-v1:0' (or us.anthropic...), and "
                    + "'alias: <the name clients use>'");
        }
        String auth = config.options().getOrDefault(AUTH, "sigv4").strip();
        if (auth.equals("api-key")) {
            for (Credential credential : config.credentials()) {
                if (credential.apiKey() == null) {
                    throw new IllegalArgumentException("api-key-entries: with auth api-key every entry needs a "
                            + "Bedrock API key (api-key: ${AWS_BEARER_TOKEN_BEDROCK})");
                }
            }
        } else if (!auth.equals("sigv4")) {
            throw new IllegalArgumentException("auth: \"" + auth + "\" is not one of sigv4, api-key");
        }
        return BedrockProviders.create(config, config.options().get(REGION), auth.equals("sigv4"),
                config.options().get(PROFILE));
    }
}
