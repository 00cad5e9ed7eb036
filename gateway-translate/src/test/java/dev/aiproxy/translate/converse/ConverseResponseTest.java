package dev.aiproxy.translate.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Converse answers and errors, from the fixtures of {@code bedrock/} (their README names the pages). */
class ConverseResponseTest {
    private final FormatCodec codec = Codecs.of(ApiFormat.BEDROCK_CONVERSE);

    @Test
    void readsTheDocumentedToolUseAnswerWithItsCacheCounts() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("bedrock/converse-tool-use.json"));

        assertThat(response.id()).startsWith("msg_");
        assertThat(response.content()).containsExactly(new Text("I'll check the weather in Seattle for you."),
                new ToolCall("tooluse_Yp4zQtWKTKSjgcUFjBRXbg", "top_song", "{\"sign\":\"WZPZ\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(379 + 120 + 30, 68, 120, 30, 0));
    }

    @Test
    void readsReasoningAsThinkingSignedByConverse() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("bedrock/converse-reasoning.json"));

        assertThat(response.content()).containsExactly(
                new Thinking("The user wants the capital of France, which is Paris.",
                        "ErcBCkgIAhABGAIiQMuxXJsLDl6DYfa8Lq8X", null, ApiFormat.BEDROCK_CONVERSE),
                new Text("The capital of France is Paris."));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void aGuardrailInterventionIsAContentFilterStop() {
        ChatResponse response = codec.decodeResponse(("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":"
                + "[{\"text\":\"Sorry, I can't help with that.\"}]}},\"stopReason\":\"guardrail_intervened\","
                + "\"usage\":{\"inputTokens\":5,\"outputTokens\":7,\"totalTokens\":12}}").getBytes(StandardCharsets.UTF_8));

        assertThat(response.stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
    }

    @Test
    void anAnswerWithoutItsMessageIsTheUpstreamsFault() {
        assertThatThrownBy(() -> codec.decodeResponse("{\"stopReason\":\"end_turn\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("output");
    }

    @Test
    void readsAnErrorsMessageAndItsExceptionName() {
        UpstreamErrorBody error = codec.decodeError(429, ("{\"message\":\"Too many requests, please wait before "
                + "trying again.\",\"__type\":\"com.amazon.bedrock#ThrottlingException\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(error.message()).isEqualTo("Too many requests, please wait before trying again.");
        assertThat(error.type()).isEqualTo("ThrottlingException");
    }

    @Test
    void anErrorBodyOfAnotherShapeIsReportedRaw() {
        UpstreamErrorBody error = codec.decodeError(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));

        assertThat(error.message()).isEqualTo("<html>Bad Gateway</html>");
    }

    @Test
    void noClientSpeaksConverse() {
        assertThatThrownBy(() -> codec.decodeRequest("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("upstream format only");
        assertThatThrownBy(() -> codec.newStreamEncoder(ChatRequest.builder().model("m").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(ApiFormat.BEDROCK_CONVERSE.isClientFormat()).isFalse();
    }
}
