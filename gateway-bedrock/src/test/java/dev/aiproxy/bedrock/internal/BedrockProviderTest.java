package dev.aiproxy.bedrock.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.bedrock.BedrockProviderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the provider sends Bedrock (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * API_runtime_InvokeModel.html) for each way of authorising, and what it makes of Bedrock's error answers.
 */
class BedrockProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOVA = "amazon.nova-pro-v1:0";
    private static final String CONVERSE = "/model/amazon.nova-pro-v1%3A0/converse";
    private static final byte[] CONVERSE_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"
            .getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static WireMockExtension bedrock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static Provider provider(String key, Map<String, String> options) {
        ProviderConfig.Builder b = ProviderConfig.builder("bedrock", "bedrock").baseUrl(bedrock.baseUrl())
                .option("region", "us-east-1").apiKey(key).model(NOVA);
        options.forEach(b::option);
        return new BedrockProviderFactory().create(b.build());
    }

    private static UpstreamResponse send(Provider provider, String model, byte[] body) {
        return provider.send(new UpstreamRequest(provider.config().credentials().getFirst(), model, body, false,
                Map.of(), Duration.ofSeconds(5)));
    }

    private static void answerConverse() {
        bedrock.stubFor(post(urlEqualTo(CONVERSE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"output\":{\"message\":{\"role\":"
                        + "\"assistant\",\"content\":[{\"text\":\"Hello\"}]}},\"stopReason\":\"end_turn\"}")));
    }

    @Test
    void aBedrockApiKeyIsSentAsABearerTokenUnsigned() {
        answerConverse();

        try (Provider provider = provider("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl", Map.of("auth", "api-key"));
                UpstreamResponse response = send(provider, NOVA, CONVERSE_BODY)) {
            assertThat(response.status()).isEqualTo(200);
        }

        bedrock.verify(postRequestedFor(urlEqualTo(CONVERSE))
                .withHeader("Authorization", equalTo("Bearer ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl"))
                .withHeader("X-Amz-Date", absent()));
    }

    @Test
    void temporaryKeysSignTheirSessionToken() {
        answerConverse();

        try (Provider provider = provider("ASIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY:"
                + "FwoGZXIvYXdzEBYaDexampleSessionToken", Map.of());
                UpstreamResponse response = send(provider, NOVA, CONVERSE_BODY)) {
            assertThat(response.status()).isEqualTo(200);
        }

        bedrock.verify(postRequestedFor(urlEqualTo(CONVERSE))
                .withHeader("X-Amz-Security-Token", equalTo("FwoGZXIvYXdzEBYaDexampleSessionToken"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/\\d{8}/"
                        + "us-east-1/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-security-token[a-z0-9;-]*, "
                        + "Signature=[0-9a-f]{64}")));
    }

    @Test
    void aNamedProfileSignsWithThatProfilesKeys(@TempDir Path dir) throws Exception {
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, """
                [default]
                aws_access_key_id = AKIADEFAULTEXAMPLE00
                aws_secret_access_key = defaultSecretExampleKey
                [bedrock-team]
                aws_access_key_id = AKIATEAMEXAMPLE00000
                aws_secret_access_key = teamSecretExampleKey
                """);
        String before = System.getProperty("aws.sharedCredentialsFile");
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        answerConverse();
        try (Provider provider = provider(null, Map.of("profile", "bedrock-team"));
                UpstreamResponse response = send(provider, NOVA, CONVERSE_BODY)) {
            assertThat(response.status()).isEqualTo(200);
        } finally {
            if (before == null) {
                System.clearProperty("aws.sharedCredentialsFile");
            } else {
                System.setProperty("aws.sharedCredentialsFile", before);
            }
        }

        bedrock.verify(postRequestedFor(urlEqualTo(CONVERSE))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIATEAMEXAMPLE00000/.*")));
    }

    @Test
    void anInferenceProfileArnIsOnePercentEncodedPathSegment() {
        String arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
        String path = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2F"
                + "a1b2c3d4e5f6/converse";
        bedrock.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("{}")));

        try (Provider provider = provider("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Map.of());
                UpstreamResponse response = send(provider, arn, CONVERSE_BODY)) {
            assertThat(response.status()).isEqualTo(200);
        }

        bedrock.verify(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void claudesBodyLosesModelAndStreamAndCarriesBedrocksAnthropicVersion() throws Exception {
        String invoke = "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke";
        bedrock.stubFor(post(urlEqualTo(invoke)).willReturn(aResponse().withStatus(200).withBody("{}")));
        byte[] anthropic = ("{\"model\":\"anthropic.claude-sonnet-4-5-20250929-v1:0\",\"max_tokens\":256,"
                + "\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8);

        try (Provider provider = provider("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Map.of());
                UpstreamResponse response = send(provider, "anthropic.claude-sonnet-4-5-20250929-v1:0", anthropic)) {
            assertThat(response.status()).isEqualTo(200);
        }

        JsonNode sent = JSON.readTree(bedrock.findAll(postRequestedFor(urlEqualTo(invoke))).getFirst().getBody());
        assertThat(sent).isEqualTo(JSON.readTree("{\"max_tokens\":256,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"anthropic_version\":\"bedrock-2023-05-31\"}"));
    }

    @Test
    void anErrorBecomesABodyOfTheCodecsShapeWithTheExceptionsName() throws Exception {
        bedrock.stubFor(post(urlEqualTo(CONVERSE)).willReturn(aResponse().withStatus(400)
                .withHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Malformed input request, retry.\"}")));

        JsonNode body;
        try (Provider provider = provider("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Map.of());
                UpstreamResponse response = send(provider, NOVA, CONVERSE_BODY)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentLength()).as("the length of Bedrock's body no longer holds").isEqualTo(-1);
            body = JSON.readTree(response.body().readAllBytes());
        }

        assertThat(body).isEqualTo(JSON.readTree("{\"message\":\"ValidationException: Malformed input request, "
                + "retry.\",\"__type\":\"ValidationException\"}"));
    }
}
