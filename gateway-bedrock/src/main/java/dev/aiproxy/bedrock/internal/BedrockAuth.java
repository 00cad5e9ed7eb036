package dev.aiproxy.bedrock.internal;

import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.Credential;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a call to Bedrock is authorised: signed with SigV4 and the credential's AWS keys, or with a Bedrock API key in
 * {@code Authorization: Bearer} (https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html).
 */
sealed interface BedrockAuth {

    /**
     * The headers that authorise one call. Blocks when AWS keys must be fetched (a profile's SSO, a container role).
     *
     * @param signed the headers that are sent and signed, besides {@code Host}
     * @throws UpstreamException (502, retryable: another credential may work) when no AWS keys can be found
     */
    Map<String, String> headers(Credential credential, URI uri, Map<String, String> signed, byte[] body);

    /** The option's spelling of this mode. */
    String mode();

    /** A Bedrock API key, sent as a bearer token. */
    record ApiKey() implements BedrockAuth {
        @Override
        public Map<String, String> headers(Credential credential, URI uri, Map<String, String> signed, byte[] body) {
            if (credential.apiKey() == null) {
                throw new UpstreamException(502, ErrorType.UPSTREAM, "Bedrock credential " + credential.id()
                        + " has no API key (auth: api-key)", "aws_credentials_missing", 0, true, null, null);
            }
            return Map.of("Authorization", "Bearer " + credential.apiKey().reveal());
        }

        @Override
        public String mode() {
            return "api-key";
        }
    }

    /** SigV4 with each credential's AWS keys, found once per credential and then cached by AWS's providers. */
    final class SigV4 implements BedrockAuth {
        private final SigV4Signer signer;
        private final String profile;
        private final ConcurrentMap<String, AwsCredentialsProvider> sources = new ConcurrentHashMap<>();

        /** @param profile the named profile for keys without an {@code api-key}, or null for the default chain */
        SigV4(SigV4Signer signer, String profile) {
            this.signer = signer;
            this.profile = profile;
        }

        @Override
        public Map<String, String> headers(Credential credential, URI uri, Map<String, String> signed, byte[] body) {
            AwsCredentialsProvider source = sources.computeIfAbsent(credential.id(),
                    id -> AwsCredentialSource.of(credential, profile));
            try {
                return signer.sign("POST", uri, signed, body, source.resolveCredentials());
            } catch (SdkException e) {
                throw new UpstreamException(502, ErrorType.UPSTREAM, "no AWS credentials for Bedrock credential "
                        + credential.id() + ": " + e.getMessage(), "aws_credentials_missing", 0, true, null, e);
            }
        }

        @Override
        public String mode() {
            return "sigv4";
        }
    }
}
