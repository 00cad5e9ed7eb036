package dev.aiproxy.providers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoProviderTest {
    private final Provider echo = new EchoProviderFactory().create(
            ProviderConfig.builder("echo", "echo").apiKey(null).build());

    private String send(String body, boolean stream) throws Exception {
        try (UpstreamResponse response = echo.send(new UpstreamRequest(echo.config().credentials().getFirst(),
                "echo", body.getBytes(StandardCharsets.UTF_8), stream, Map.of(), Duration.ofSeconds(1)))) {
            assertThat(response.status()).isEqualTo(200);
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesTheModelEchoByDefault() {
        assertThat(echo.config().models()).extracting(m -> m.visibleName()).containsExactly("echo");
    }

    @Test
    void answersWithTheLastUserMessage() throws Exception {
        String answer = send("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"second one\"}]}", false);

        // the gateway's estimate, as count_tokens gives it: 4 a message, and 17 characters over four, rounded up
        assertThat(answer).contains("\"content\":\"second one\"").contains("\"finish_reason\":\"stop\"")
                .contains("\"prompt_tokens\":17");
    }

    @Test
    void streamsWordByWordAndEndsWithDone() throws Exception {
        String stream = send("{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"a b c\"}]}", true);

        assertThat(stream.split("\n\n")).hasSize(6);
        assertThat(stream).contains("\"content\":\"a \"").contains("\"content\":\"c\"").endsWith("data: [DONE]\n\n");
    }
}
