package dev.aiproxy.vertex.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.error.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicOnVertexBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode rewrite(String body) throws IOException {
        return JSON.readTree(AnthropicOnVertexBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dropsTheModelAndAddsVertexsVersionKeepingEverythingElse() throws IOException {
        JsonNode body = rewrite("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"messages\":[]}");

        assertThat(body.has("model")).isFalse();
        assertThat(body.get("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.get("thinking").get("budget_tokens").asInt()).isEqualTo(1024);
        assertThat(body.get("stream").asBoolean()).isTrue();
    }

    @Test
    void keepsAVersionTheClientChose() throws IOException {
        JsonNode body = rewrite("{\"anthropic_version\":\"vertex-2099-01-01\",\"max_tokens\":1,\"messages\":[]}");

        assertThat(body.get("anthropic_version").asText()).isEqualTo("vertex-2099-01-01");
    }

    @Test
    void aBodyThatIsNoJsonObjectIsTheClientsError() {
        assertThatThrownBy(() -> rewrite("[1,2]")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> rewrite("{\"model\":")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not JSON");
    }
}
