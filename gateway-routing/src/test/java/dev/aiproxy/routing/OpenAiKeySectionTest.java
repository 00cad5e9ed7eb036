package dev.aiproxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code openai-api-key} entries become OpenAI providers with the {@code openai} preset's URL and models, with or
 * without a prefix, as {@code claude-api-key} and {@code gemini-api-key} entries get their providers' defaults.
 */
class OpenAiKeySectionTest {

    @Test
    void everyEntryServesTheOpenAiPresetsModels() {
        GatewayConfig config = ConfigLoader.withEnvironment(Map.of()).parse("""
                echo: false
                models-refresh: off   # the preset's models, never api.openai.com's list
                openai-api-key:
                  - api-key: sk-one
                  - api-key: sk-team
                    prefix: team-a
                """.getBytes(StandardCharsets.UTF_8), "config.yaml", null).config();

        try (Gateway gateway = Gateway.create(config)) {
            assertThat(gateway.models()).extracting(ModelInfo::id).contains("gpt-4o-mini", "team-a/gpt-4o-mini");
        }
    }
}
