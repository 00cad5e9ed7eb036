package dev.aiproxy.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BedrockProviderFactoryTest {
    private static ProviderConfig.Builder entry() {
        return ProviderConfig.builder("bedrock", "bedrock").option("region", "eu-west-3")
                .model("anthropic.claude-sonnet-4-5-20250929-v1:0", "sonnet").model("amazon.nova-pro-v1:0", "nova");
    }

    @Test
    void isFoundThroughServiceLoaderAsAThirdPartysProviderWouldBe() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(BedrockProviderFactory.class);
    }

    @Test
    void callsTheRuntimeEndpointOfItsRegion() {
        try (Provider provider = new BedrockProviderFactory().create(entry().apiKey(null).build())) {
            assertThat(provider.config().baseUrl()).isEqualTo(URI.create("https://bedrock-runtime.eu-west-3.amazonaws.com"));
        }
    }

    @Test
    void speaksAnthropicMessagesToClaudeAndConverseToTheOtherModels() {
        try (Provider provider = new BedrockProviderFactory().create(entry().apiKey(null).build())) {
            assertThat(provider.format("anthropic.claude-sonnet-4-5-20250929-v1:0"))
                    .isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
            assertThat(provider.format("us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
                    .isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
            assertThat(provider.format("arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0"))
                    .isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
            assertThat(provider.format("amazon.nova-pro-v1:0")).isEqualTo(ApiFormat.BEDROCK_CONVERSE);
            assertThat(provider.format("meta.llama3-70b-instruct-v1:0")).isEqualTo(ApiFormat.BEDROCK_CONVERSE);
        }
    }

    @Test
    void anEntryWithoutModelsIsRefusedWithWhatToWrite() {
        ProviderConfig config = ProviderConfig.builder("bedrock", "bedrock").option("region", "us-east-1")
                .apiKey(null).build();

        assertThatThrownBy(() -> new BedrockProviderFactory().create(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models: required");
    }

    @Test
    void anUnknownOptionOrAuthIsRefused() {
        assertThatThrownBy(() -> new BedrockProviderFactory().create(entry().apiKey(null).option("regoin", "x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown [regoin]");
        assertThatThrownBy(() -> new BedrockProviderFactory().create(entry().apiKey(null).option("auth", "iam").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"iam\" is not one of sigv4, api-key");
    }

    @Test
    void apiKeyAuthNeedsAKeyOnEveryEntry() {
        assertThatThrownBy(() -> new BedrockProviderFactory().create(entry().apiKey(null).option("auth", "api-key")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a Bedrock API key");
    }

    @Test
    void aKeyThatIsNotAwsKeysIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new BedrockProviderFactory().create(entry().apiKey("just-one-secret-part").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACCESS_KEY_ID:SECRET_ACCESS_KEY")
                .message().doesNotContain("just-one-secret-part");
    }

    @Test
    void withoutARegionOptionAwssOwnRegionSettingIsUsed() {
        String before = System.getProperty("aws.region");
        System.setProperty("aws.region", "ap-northeast-1");
        try (Provider provider = new BedrockProviderFactory().create(ProviderConfig.builder("bedrock", "bedrock")
                .model("amazon.nova-lite-v1:0").apiKey(null).build())) {
            assertThat(provider.config().baseUrl().getHost()).isEqualTo("bedrock-runtime.ap-northeast-1.amazonaws.com");
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }
}
