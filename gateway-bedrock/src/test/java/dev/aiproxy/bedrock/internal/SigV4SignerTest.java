package dev.aiproxy.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The signer against AWS's own published example: "Example: GET Object" of "Signature Calculations for the
 * Authorization Header: Transferring Payload in a Single Chunk"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), signed with the example keys
 * {@code AKIAIOSFODNN7EXAMPLE} / {@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY} on 2013-05-24. AWS's signer always signs
 * {@code x-amz-content-sha256}, as that example does (the general test suite's examples sign without it).
 */
class SigV4SignerTest {
    private static final Clock AT = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);
    private static final AwsBasicCredentials EXAMPLE_KEYS =
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    @Test
    void signsTheDocumentedExampleRequestWithTheDocumentedSignature() {
        SigV4Signer signer = new SigV4Signer("s3", "us-east-1", AT);

        Map<String, String> headers = signer.sign("GET", URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("Range", "bytes=0-9"), new byte[0], EXAMPLE_KEYS);

        assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(headers).containsEntry("X-Amz-Date", "20130524T000000Z")
                .containsEntry("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .doesNotContainKey("Host").doesNotContainKey("Range");
    }

    @Test
    void signsABedrockCallForTheBedrockServiceInItsRegionWithItsHeaders() {
        SigV4Signer signer = new SigV4Signer("bedrock", "eu-west-3", AT);

        Map<String, String> headers = signer.sign("POST",
                URI.create("https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-v2%3A1/invoke"),
                Map.of("Content-Type", "application/json"), "{}".getBytes(), EXAMPLE_KEYS);

        assertThat(headers.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/eu-west-3/bedrock/aws4_request, ")
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date");
        assertThat(headers).doesNotContainKey("Content-Type");
    }
}
