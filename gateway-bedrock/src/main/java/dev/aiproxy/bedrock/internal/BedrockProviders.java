package dev.aiproxy.bedrock.internal;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.providers.http.ProviderDefaults;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Builds a {@link BedrockProvider} from a checked entry: its region, endpoint and authorisation. */
public final class BedrockProviders {
    /** Bedrock's signing name, the same for its runtime endpoint. */
    static final String SERVICE = "bedrock";

    private BedrockProviders() {
    }

    /**
     * @param region the entry's region, or null for AWS's default region chain ({@code AWS_REGION}, the profile)
     * @param sigv4 whether calls are signed (else each key is a Bedrock API key)
     * @param profile the named profile for keys without an {@code api-key}, or null for the default chain
     * @throws IllegalArgumentException when no region can be found, or a key is not AWS keys
     */
    public static Provider create(ProviderConfig config, String region, boolean sigv4, String profile) {
        String resolvedRegion = region != null && !region.isBlank() ? region.strip() : defaultRegion();
        URI endpoint = URI.create("https://bedrock-runtime." + resolvedRegion + ".amazonaws.com");
        ProviderConfig resolved = ProviderDefaults.apply(config, endpoint, List.of());
        BedrockAuth auth;
        if (sigv4) {
            for (Credential credential : resolved.credentials()) {
                if (credential.apiKey() != null) {
                    AwsCredentialSource.of(credential, profile);
                }
            }
            auth = new BedrockAuth.SigV4(new SigV4Signer(SERVICE, resolvedRegion, Clock.systemUTC()), profile);
        } else {
            auth = new BedrockAuth.ApiKey();
        }
        return new BedrockProvider(resolved, auth);
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            throw new IllegalArgumentException("region: required (options: {region: us-east-1}), or set AWS_REGION "
                    + "or a region in the AWS profile", e);
        }
    }
}
