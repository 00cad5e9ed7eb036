package dev.aiproxy.bedrock.internal;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where one credential's AWS keys come from, as AWS's own tools find them: a key entry's
 * {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]}, else the entry's named profile, else the default chain
 * (environment, system properties, web identity, the shared config and credentials files, container and instance
 * roles: https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html). The providers cache
 * and refresh temporary credentials themselves.
 */
final class AwsCredentialSource {
    private AwsCredentialSource() {
    }

    /**
     * The provider of {@code credential}'s AWS keys.
     *
     * @param profile the entry's {@code profile} option, or null
     * @throws IllegalArgumentException when the key is not {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]};
     *     the message never shows the key
     */
    static AwsCredentialsProvider of(Credential credential, String profile) {
        Secret key = credential.apiKey();
        if (key != null) {
            String[] parts = key.reveal().split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("api-key-entries: " + credential.id() + ": with auth sigv4 a key "
                        + "is ACCESS_KEY_ID:SECRET_ACCESS_KEY or ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN "
                        + "(such as ${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}), or leave the entries out for "
                        + "the default credentials chain");
            }
            return StaticCredentialsProvider.create(parts.length == 3
                    ? AwsSessionCredentials.create(parts[0], parts[1], parts[2])
                    : AwsBasicCredentials.create(parts[0], parts[1]));
        }
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
