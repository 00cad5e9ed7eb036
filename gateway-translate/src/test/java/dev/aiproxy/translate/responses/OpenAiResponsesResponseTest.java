package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseReasoningItem;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses with the openai-java SDK's own mapper and validates every field it requires. */
    static Response parseWithSdk(byte[] json) throws IOException {
        return ObjectMappers.jsonMapper().readValue(json, Response.class).validate();
    }

    @Test
    void decodesTheDocumentedTextResponse() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("responses/response-text.json"));

        assertThat(response.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
        assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(response.text()).startsWith("In a peaceful grove beneath a silver moon");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(36, 87));
    }

    @Test
    void decodesTheDocumentedFunctionCallAsAToolUseWithCachedTokens() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("responses/response-function-call.json"));

        assertThat(response.content()).containsExactly(new ToolCall("call_unLAR8MvFNptuiZK6K6HCy5k",
                "get_current_weather", "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(291, 23, 128, 0, 0));
    }

    @Test
    void decodesAReasoningItemAsThinkingSealedByItsEncryptedContent() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("responses/response-reasoning.json"));

        assertThat(response.content()).hasSize(2);
        assertThat(response.content().get(0)).isInstanceOfSatisfying(Thinking.class, thinking -> {
            assertThat(thinking.text()).startsWith("**Answering a simple question**");
            assertThat(thinking.signature()).startsWith("gAAAAABodOa5");
            assertThat(thinking.signedBy()).isEqualTo(ApiFormat.OPENAI_RESPONSES);
        });
        assertThat(response.content().get(1)).isEqualTo(new Text("The capital of France is Paris."));
        assertThat(response.usage()).isEqualTo(new Usage(13, 277, 0, 0, 256));
    }

    @Test
    void mapsIncompleteResponsesToTheirStopReason() {
        String incomplete = """
                {"id":"resp_1","object":"response","status":"incomplete","model":"m",
                 "incomplete_details":{"reason":"%s"},"output":[]}
                """;

        assertThat(codec.decodeResponse(utf8(incomplete.formatted("max_output_tokens"))).stopReason())
                .isEqualTo(StopReason.MAX_TOKENS);
        assertThat(codec.decodeResponse(utf8(incomplete.formatted("content_filter"))).stopReason())
                .isEqualTo(StopReason.CONTENT_FILTER);
    }

    @Test
    void turnsAFailedResponseIntoAnUpstreamError() {
        assertThatThrownBy(() -> codec.decodeResponse(utf8("""
                {"id":"resp_1","object":"response","status":"failed","model":"m","output":[],
                 "error":{"code":"server_error","message":"The model crashed"}}
                """)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).contains("server_error");
                })
                .hasMessageContaining("The model crashed");
        assertThatThrownBy(() -> codec.decodeResponse(utf8(
                "{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}")))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("in_progress");
    }

    @Test
    void encodesAResponseTheOpenAiSdkAccepts() throws IOException {
        ChatResponse answer = new ChatResponse("msg_01XFDUDYJgAACzvnptvVoYEL", "fast", List.of(
                new Thinking("I should look it up.", "sig-anthropic", null, ApiFormat.ANTHROPIC_MESSAGES),
                new Text("Let me check. "), new Text("One moment."),
                new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "get_time", "{}", "thought-sig")),
                StopReason.TOOL_USE, new Usage(100, 40, 30, 0, 12), Extensions.EMPTY);

        byte[] encoded = codec.encodeResponse(answer);
        Response response = parseWithSdk(encoded);

        assertThat(response.id()).isEqualTo("resp_msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(JSON.readTree(encoded).get("model").asText()).isEqualTo("fast");
        assertThat(response.status()).contains(com.openai.models.responses.ResponseStatus.COMPLETED);
        List<ResponseOutputItem> output = response.output();
        assertThat(output.get(1).asMessage().content()).singleElement()
                .satisfies(part -> assertThat(part.asOutputText().text()).isEqualTo("Let me check. One moment."));
        assertThat(output).hasSize(4);
        ResponseReasoningItem reasoning = output.get(0).asReasoning();
        assertThat(reasoning.id()).startsWith("rs_");
        assertThat(reasoning.summary().getFirst().text()).isEqualTo("I should look it up.");
        assertThat(reasoning.encryptedContent()).contains("gw1.anthropic-messages.sig-anthropic");
        assertThat(output.get(1).asMessage().id()).startsWith("msg_");
        ResponseFunctionToolCall call = output.get(2).asFunctionCall();
        assertThat(call.id()).hasValueSatisfying(id -> assertThat(id).startsWith("fc_"));
        assertThat(call.callId()).isEqualTo("toolu_1");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(output.get(3).asFunctionCall().callId()).isEqualTo("call_2_gwsig_dGhvdWdodC1zaWc");
        var usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isEqualTo(100);
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(30);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(12);
        assertThat(usage.totalTokens()).isEqualTo(140);
    }

    @Test
    void carriesARedactedThoughtInEncryptedContentAndLeavesOutAnEmptyOne() throws IOException {
        ChatResponse answer = new ChatResponse("msg_1", "m", List.of(
                new Thinking("", null, "redacted-bytes", ApiFormat.ANTHROPIC_MESSAGES),
                new Thinking("", null, null, null), new Text("Hi")),
                StopReason.END_TURN, Usage.of(1, 1), Extensions.EMPTY);

        Response response = parseWithSdk(codec.encodeResponse(answer));

        assertThat(response.output()).hasSize(2);
        assertThat(response.output().get(0).asReasoning().encryptedContent())
                .contains("gw1r.anthropic-messages.redacted-bytes");
        assertThat(response.output().get(0).asReasoning().summary()).isEmpty();
        assertThat(response.output().get(1).isMessage()).isTrue();
    }

    @Test
    void encodesATruncatedAnswerAsIncomplete() throws IOException {
        ChatResponse answer = new ChatResponse("resp_abc", "m", List.of(new Text("Once upon")),
                StopReason.MAX_TOKENS, Usage.of(5, 2), Extensions.EMPTY);

        Response response = parseWithSdk(codec.encodeResponse(answer));

        assertThat(response.id()).isEqualTo("resp_abc");
        assertThat(response.status()).contains(com.openai.models.responses.ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails().orElseThrow().reason()).contains(
                Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS);
    }

    @Test
    void roundTripsTheDocumentedResponses() {
        for (String fixture : List.of("responses/response-text.json", "responses/response-function-call.json",
                "responses/response-reasoning.json")) {
            ChatResponse decoded = codec.decodeResponse(Fixtures.bytes(fixture));

            ChatResponse again = codec.decodeResponse(codec.encodeResponse(decoded));

            assertThat(again).as(fixture).isEqualTo(decoded);
        }
    }

    @Test
    void readsAndWritesOpenAisErrorBody() throws IOException {
        UpstreamErrorBody error = codec.decodeError(429, Fixtures.bytes("openai/error-429.json"));
        JsonNode written = JSON.readTree(codec.encodeError(new RateLimitedException("slow down",
                Duration.ofSeconds(3))));

        assertThat(error.code()).isEqualTo("rate_limit_exceeded");
        assertThat(written.at("/error/message").asText()).isEqualTo("slow down");
        assertThat(written.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(written.at("/error").has("param")).isTrue();
    }

    @Test
    void servesItsClientsNoTokenCountEndpoint() {
        assertThatThrownBy(() -> codec.encodeTokenCount(3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void neverThrowsAnythingButA502ForAnyTruncationOfAResponse() {
        for (String fixture : List.of("responses/response-function-call.json", "responses/response-reasoning.json")) {
            byte[] full = new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8).strip()
                    .getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < full.length; length++) {
                byte[] truncated = java.util.Arrays.copyOf(full, length);
                assertThatThrownBy(() -> codec.decodeResponse(truncated)).as("%s at %d", fixture, length)
                        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
            }
        }
    }

    @Test
    void answersA502ForResponsesWithWrongTypes() {
        for (String body : List.of("[]", "null", "{\"output\":3}", "{\"output\":[5]}", "{\"output\":[{}]}",
                "{\"output\":[{\"type\":\"message\",\"content\":{}}]}",
                "{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":1}]}]}",
                "{\"output\":[{\"type\":\"function_call\",\"name\":\"f\"}]}",
                "{\"output\":[{\"type\":\"reasoning\",\"summary\":\"x\"}]}",
                "{\"output\":[],\"usage\":{\"input_tokens\":-1}}", "{\"output\":[],\"status\":7}",
                "{\"output\":[],\"incomplete_details\":\"x\"}", "{\"status\":\"failed\",\"error\":{\"message\":4}}")) {
            assertThatThrownBy(() -> codec.decodeResponse(utf8(body))).as(body)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
        }
    }
}
