package dev.aiproxy.routing.internal.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model ids of the providers' documented list answers (gateway-translate's {@code <provider>/models-list.json}). */
class ModelListParserTest {

    @Test
    void readsTheIdsOfOpenAisList() {
        assertThat(ModelListParser.parse(ApiFormat.OPENAI_CHAT, Fixtures.bytes("openai/models-list.json")))
                .containsExactly("model-id-0", "model-id-1", "model-id-2");
    }

    @Test
    void readsTheIdsOfAnthropicsList() {
        assertThat(ModelListParser.parse(ApiFormat.ANTHROPIC_MESSAGES, Fixtures.bytes("anthropic/models-list.json")))
                .containsExactly("claude-opus-4-6");
    }

    @Test
    void readsGeminisModelNamesWithoutTheirResourcePrefix() {
        assertThat(ModelListParser.parse(ApiFormat.GEMINI, Fixtures.bytes("gemini/models-list.json")))
                .containsExactly("gemini-2.0-flash");
    }

    @Test
    void skipsBlankAndRepeatedIds() {
        byte[] body = "{\"data\":[{\"id\":\"a\"},{\"id\":\" \"},{\"id\":\"a\"},{\"object\":\"model\"},{\"id\":\"b\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ModelListParser.parse(ApiFormat.OPENAI_CHAT, body)).containsExactly("a", "b");
    }

    @Test
    void refusesAnAnswerThatIsNotJsonOrNotTheFormatsShape() {
        byte[] html = "<html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelListParser.parse(ApiFormat.OPENAI_CHAT, html))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ModelListParser.parse(ApiFormat.GEMINI, Fixtures.bytes("openai/models-list.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'models' array");
    }
}
