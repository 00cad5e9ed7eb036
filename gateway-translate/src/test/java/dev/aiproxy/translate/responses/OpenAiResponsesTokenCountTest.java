package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The input-token count of a Responses upstream, https://platform.openai.com/docs/api-reference/responses/input-tokens:
 * the request takes what the model reads (model, instructions, input, tools, text, reasoning, truncation) and refuses
 * the rest; the answer is {@code {"object": "response.input_tokens", "input_tokens": N}}.
 */
class OpenAiResponsesTokenCountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);

    @Test
    void aCountRequestCarriesWhatTheModelReadsAndNoGenerationSetting() throws IOException {
        ChatRequest request = Codecs.of(ApiFormat.OPENAI_CHAT).decodeRequest("""
                {"model":"gpt","stream":true,"temperature":0.2,"max_tokens":50,"store":true,"seed":7,
                 "reasoning_effort":"high","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"What is the weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
                """.getBytes(StandardCharsets.UTF_8));

        JsonNode count = JSON.readTree(codec.encodeCountTokensRequest(request, "gpt-5-codex"));

        List<String> fields = new ArrayList<>();
        count.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("model", "input", "tools", "reasoning");
        assertThat(count.get("model").asText()).isEqualTo("gpt-5-codex");
        assertThat(count.at("/input/1/content").asText()).isEqualTo("What is the weather in Paris?");
        assertThat(count.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(count.at("/reasoning/effort").asText()).isEqualTo("high");
    }

    @Test
    void aResponsesClientsTruncationAndInstructionsAreCounted() throws IOException {
        ChatRequest request = codec.decodeRequest("""
                {"model":"m","instructions":"Be brief.","input":"Hi","truncation":"auto","store":false,
                 "include":["reasoning.encrypted_content"]}
                """.getBytes(StandardCharsets.UTF_8));

        JsonNode count = JSON.readTree(codec.encodeCountTokensRequest(request, "m"));

        assertThat(count.get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(count.get("truncation").asText()).isEqualTo("auto");
        assertThat(count.has("store")).isFalse();
        assertThat(count.has("include")).isFalse();
    }

    @Test
    void readsTheDocumentedCount() {
        assertThat(codec.decodeTokenCount("{\"object\":\"response.input_tokens\",\"input_tokens\":11}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(11);
    }

    @Test
    void anUnreadableCountIsABadGatewayNeverZero() {
        for (String body : List.of("<html>", "{}", "{\"input_tokens\":\"eleven\"}")) {
            assertThatThrownBy(() -> codec.decodeTokenCount(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOf(UpstreamException.class)
                    .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
        }
    }
}
