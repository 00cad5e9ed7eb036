package dev.aiproxy.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.vertex.testing.FakeTokenEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VertexAiProviderFactoryTest {
    @TempDir
    Path dir;

    private FakeTokenEndpoint endpoint;
    private String keyFile;

    @BeforeEach
    void start() {
        endpoint = FakeTokenEndpoint.start();
        keyFile = endpoint.serviceAccount("sa-project").write(dir, "sa.json").toString();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private ProviderConfig.Builder entry() {
        return ProviderConfig.builder("vertex", "vertex-ai").option("location", "us-central1")
                .option("credentials", keyFile).apiKey(null);
    }

    @Test
    void isFoundThroughServiceLoaderAsTypeVertexAi() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(ProviderFactory::type)).contains("vertex-ai");
    }

    @Test
    void aGeminiEntryDefaultsToTheServiceAccountsProjectTheRegionsEndpointAndGeminiModels() {
        try (Provider p = new VertexAiProviderFactory().create(entry().build())) {
            assertThat(p.format()).isEqualTo(ApiFormat.GEMINI);
            assertThat(p.config().baseUrl()).isEqualTo(URI.create("https://us-central1-aiplatform.googleapis.com"));
            assertThat(p.config().models()).extracting(ModelMapping::name).contains("gemini-2.5-flash");
            assertThat(p).hasToString("VertexAiProvider[vertex sa-project/us-central1 google]");
        }
    }

    @Test
    void anEntryOfClaudeModelsSpeaksAnthropicMessages() {
        try (Provider p = new VertexAiProviderFactory().create(entry().option("project", "mine")
                .model("claude-sonnet-4-5@20250929", "claude-sonnet-4-5").build())) {
            assertThat(p.format()).isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
            assertThat(p).hasToString("VertexAiProvider[vertex mine/us-central1 anthropic]");
        }
    }

    @Test
    void claudeAndGeminiModelsInOneEntryAreRefused() {
        assertThatThrownBy(() -> new VertexAiProviderFactory().create(entry().model("claude-sonnet-4-5@20250929")
                .model("gemini-2.5-flash").build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give each publisher an entry of its own");
    }

    @Test
    void aClaudeEntryWithoutModelsIsRefused() {
        assertThatThrownBy(() -> new VertexAiProviderFactory().create(entry().option("publisher", "anthropic")
                .build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("models: required for Claude on Vertex");
    }

    @Test
    void anUnknownOptionOrPublisherIsRefused() {
        assertThatThrownBy(() -> new VertexAiProviderFactory().create(entry().option("region", "x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("options: unknown [region] (known: credentials, location, project, publisher)");
        assertThatThrownBy(() -> new VertexAiProviderFactory().create(entry().option("publisher", "meta").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options.publisher: \"meta\" is not one of google, anthropic");
    }

    @Test
    void anEntryWithoutLocationIsRefused() {
        ProviderConfig config = ProviderConfig.builder("vertex", "vertex-ai").option("credentials", keyFile)
                .apiKey(null).build();

        assertThatThrownBy(() -> new VertexAiProviderFactory().create(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("options.location: required");
    }
}
