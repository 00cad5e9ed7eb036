package dev.aiproxy.translate.gemini;

import static dev.aiproxy.translate.gemini.GeminiRequestCodecTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.RequestTooLargeException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiResponseCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.GEMINI);

    @Test
    void decodesTheDocumentedTextResponse() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("gemini/generate-content-text.json"));

        assertThat(response.id()).isEqualTo("mAitaLmkHPPlz7IPvtfUqQ4");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.content()).containsExactly(
                new Text("AI learns patterns from data to make predictions or decisions."));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(8, 12));
    }

    @Test
    void decodesFunctionCallsWithTheirSignatureAsToolUse() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("gemini/generate-content-function-call.json"));

        assertThat(response.toolCalls()).hasSize(2);
        ToolCall paris = response.toolCalls().get(0);
        assertThat(paris.id()).startsWith("gcall_");
        assertThat(paris.name()).isEqualTo("get_weather");
        assertThat(paris.argumentsJson()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(paris.signature()).isEqualTo("CiQBcsjafEx2kTPpR0q+v1yIZ2cM3E8ZhQ9PfGpBbd1eW8kX0S0KZQFyyNp8");
        assertThat(response.toolCalls().get(1).signature()).isNull();
        assertThat(response.toolCalls().get(1).id()).isNotEqualTo(paris.id());
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(83, 132, 0, 0, 104));
        assertThat(response.extensions().get("gemini.candidate.finishMessage"))
                .contains("\"Model generated function call(s).\"");
    }

    @Test
    void decodesThoughtsAndTheTextSignatureWithThoughtsCountedAsOutput() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("gemini/generate-content-thinking.json"));

        assertThat(response.content()).containsExactly(
                new Thinking("**Weighing the razor**\n\nI should define the principle first, then give an everyday "
                        + "case.", null, null, ApiFormat.GEMINI),
                new Thinking("", "EpYCCpMCAXLI2nzK8pL1mJv0Qw3z9Yw0rT4f", null, ApiFormat.GEMINI),
                new Text("Occam's Razor says the simplest explanation is usually the right one."));
        assertThat(response.usage()).isEqualTo(new Usage(1030, 257, 1024, 0, 242));
    }

    @Test
    void encodesADecodedResponseBackAsGeminiWroteIt() throws IOException {
        for (String fixture : List.of("gemini/generate-content-text.json", "gemini/generate-content-thinking.json",
                "gemini/generate-content-function-call.json")) {
            JsonNode original = JSON.readTree(Fixtures.bytes(fixture));

            JsonNode encoded = JSON.readTree(codec.encodeResponse(codec.decodeResponse(Fixtures.bytes(fixture))));

            assertThat(encoded.get("candidates")).as(fixture).isEqualTo(original.get("candidates"));
            assertThat(encoded.get("modelVersion")).as(fixture).isEqualTo(original.get("modelVersion"));
            assertThat(encoded.get("responseId")).as(fixture).isEqualTo(original.get("responseId"));
            for (String count : List.of("promptTokenCount", "candidatesTokenCount", "totalTokenCount",
                    "thoughtsTokenCount", "cachedContentTokenCount")) {
                assertThat(encoded.at("/usageMetadata/" + count)).as(fixture + " " + count)
                        .isEqualTo(original.at("/usageMetadata/" + count));
            }
        }
    }

    @Test
    void showsAnotherProvidersThinkingSignatureWrappedAndItsCallIdsToAGeminiClient() throws IOException {
        // a Gemini signature is bytes, base64 in JSON: the wrapper is too, so the SDKs can decode it
        String wrapped = java.util.Base64.getEncoder().encodeToString(
                "gw1.anthropic-messages.EqQBCkgI".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ChatResponse response = new ChatResponse("msg_1", "claude", List.of(
                new Thinking("hm", "EqQBCkgI", null, ApiFormat.ANTHROPIC_MESSAGES),
                new ToolCall("toolu_1", "lookup", "not json")), StopReason.TOOL_USE, Usage.of(5, 7), null);

        JsonNode parts = JSON.readTree(codec.encodeResponse(response)).at("/candidates/0/content/parts");

        assertThat(parts).isEqualTo(JSON.readTree("""
                [{"text":"hm","thought":true,"thoughtSignature":"%s"},
                 {"functionCall":{"id":"toolu_1","name":"lookup","args":{"arguments":"not json"}}}]""".formatted(wrapped)));
    }

    @Test
    void reportsABlockedPromptAsAContentFilterWithNoContent() {
        ChatResponse response = codec.decodeResponse(utf8("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7},\"modelVersion\":\"m\"}"));

        assertThat(response.content()).isEmpty();
        assertThat(response.stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
        assertThat(response.usage()).isEqualTo(Usage.of(7, 0));
    }

    @Test
    void mapsFinishReasons() {
        for (String[] c : new String[][] {{"MAX_TOKENS", "MAX_TOKENS"}, {"SAFETY", "CONTENT_FILTER"},
                {"RECITATION", "CONTENT_FILTER"}, {"PROHIBITED_CONTENT", "CONTENT_FILTER"},
                {"MALFORMED_FUNCTION_CALL", "ERROR"}, {"SOMETHING_NEW", "ERROR"}}) {
            ChatResponse response = codec.decodeResponse(utf8("{\"candidates\":[{\"content\":{\"parts\":"
                    + "[{\"text\":\"x\"}]},\"finishReason\":\"" + c[0] + "\"}]}"));

            assertThat(response.stopReason()).as(c[0]).isEqualTo(StopReason.valueOf(c[1]));
        }
    }

    @Test
    void answersA502ForResponsesWithWrongTypes() {
        for (String body : List.of("{\"candidates\":3}", "{\"candidates\":[{\"content\":[]}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":5}]}}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionResponse\":{\"name\":\"f\"}}]}}]}",
                "{\"usageMetadata\":{\"promptTokenCount\":-1}}", "{\"usageMetadata\":{\"promptTokenCount\":\"7\"}}",
                "{\"usageMetadata\":{\"promptTokenCount\":9223372036854775807,\"toolUsePromptTokenCount\":1}}",
                "[]", "null", "")) {
            assertThatThrownBy(() -> codec.decodeResponse(utf8(body))).as(body)
                    .isInstanceOf(UpstreamException.class)
                    .satisfies(e -> assertThat(((UpstreamException) e).status()).isEqualTo(502));
        }
    }

    @Test
    void neverThrowsAnythingButA502ForAnyTruncationOfAResponse() {
        byte[] full = Fixtures.bytes("gemini/generate-content-function-call.json");
        int end = new String(full, java.nio.charset.StandardCharsets.UTF_8).stripTrailing().length();
        for (int length = 0; length < end; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> codec.decodeResponse(truncated)).as("length %d", length)
                    .isInstanceOf(UpstreamException.class);
        }
    }

    @Test
    void readsTheDocumentedErrorBodies() {
        UpstreamErrorBody key = codec.decodeError(400, Fixtures.bytes("gemini/error-400-api-key-invalid.json"));
        UpstreamErrorBody quota = codec.decodeError(429, Fixtures.bytes("gemini/error-429-resource-exhausted.json"));
        UpstreamErrorBody invalid = codec.decodeError(400, Fixtures.bytes("gemini/error-400-invalid-argument.json"));
        UpstreamErrorBody busy = codec.decodeError(503, Fixtures.bytes("gemini/error-503-unavailable.json"));

        assertThat(key).isEqualTo(new UpstreamErrorBody("API key not valid. Please pass a valid API key.",
                "INVALID_ARGUMENT", "API_KEY_INVALID", null, true));
        assertThat(quota.type()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(quota.message()).startsWith("You exceeded your current quota");
        assertThat(invalid.message()).contains("Unknown name \"temprature\"");
        assertThat(invalid.code()).isNull();
        assertThat(invalid.keyRejected()).isFalse();
        assertThat(quota.keyRejected()).isFalse();
        assertThat(busy).isEqualTo(new UpstreamErrorBody("The model is overloaded. Please try again later.",
                "UNAVAILABLE", null));
    }

    @Test
    void readsTheRetryDelayGeminiSendsInsteadOfARetryAfterHeader() {
        UpstreamErrorBody quota = codec.decodeError(429, Fixtures.bytes("gemini/error-429-resource-exhausted.json"));
        UpstreamErrorBody fraction = codec.decodeError(429, utf8(retryInfo("\"0.250s\"")));
        UpstreamErrorBody unreadable = codec.decodeError(429, utf8(retryInfo("\"soon\"")));
        UpstreamErrorBody negative = codec.decodeError(429, utf8(retryInfo("\"-3s\"")));
        UpstreamErrorBody mistyped = codec.decodeError(429, utf8(retryInfo("17")));

        assertThat(quota.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(fraction.retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(unreadable.retryAfter()).isNull();
        assertThat(negative.retryAfter()).isNull();
        assertThat(mistyped.retryAfter()).isNull();
    }

    @Test
    void writesARetryDelayToTheMillisecond() throws IOException {
        JsonNode soon = JSON.readTree(codec.encodeError(new RateLimitedException("slow down", Duration.ofMillis(120))));
        JsonNode later = JSON.readTree(codec.encodeError(new RateLimitedException("slow down",
                Duration.ofSeconds(30))));

        assertThat(soon.at("/error/details/0/retryDelay").asText()).isEqualTo("0.12s");
        assertThat(later.at("/error/details/0/retryDelay").asText()).isEqualTo("30s");
    }

    private static String retryInfo(String delayJson) {
        return "{\"error\":{\"code\":429,\"message\":\"slow\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":" + delayJson + "}]}}";
    }

    @Test
    void readsErrorBodiesOfOtherShapes() {
        assertThat(codec.decodeError(500, utf8("[{\"error\":{\"code\":500,\"message\":\"wrapped\",\"status\":"
                + "\"INTERNAL\"}}]")).message()).isEqualTo("wrapped");
        assertThat(codec.decodeError(502, utf8("<html>Bad Gateway</html>")).message())
                .isEqualTo("<html>Bad Gateway</html>");
        assertThat(codec.decodeError(503, new byte[0]).message()).isEqualTo("upstream answered HTTP 503");
    }

    @Test
    void writesErrorsAsAGoogleRpcStatusWithTheHttpStatusAsCode() throws IOException {
        JsonNode limited = JSON.readTree(codec.encodeError(new RateLimitedException("slow down",
                Duration.ofSeconds(3))));
        JsonNode auth = JSON.readTree(codec.encodeError(new AuthenticationException("bad key")));
        JsonNode large = JSON.readTree(codec.encodeError(new RequestTooLargeException(20, 10)));
        JsonNode timeout = JSON.readTree(codec.encodeError(new UpstreamTimeoutException("first byte",
                Duration.ofSeconds(1), null)));
        JsonNode invalid = JSON.readTree(codec.encodeError(new InvalidRequestException("nope")));

        assertThat(limited).isEqualTo(JSON.readTree("""
                {"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}"""));
        assertThat(auth.at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(auth.at("/error/code").asInt()).isEqualTo(401);
        assertThat(large.at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(large.at("/error/code").asInt()).isEqualTo(413);
        assertThat(timeout.at("/error/status").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(invalid.at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void decodesBothFormsOfACountTokensRequest() {
        ChatRequest plain = codec.decodeCountTokensRequest(utf8(
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"));
        ChatRequest wrapped = codec.decodeCountTokensRequest(utf8("""
                {"generateContentRequest":{"model":"models/gemini-2.5-flash",
                  "systemInstruction":{"parts":[{"text":"Be brief."}]},
                  "contents":[{"role":"user","parts":[{"text":"hi"}]}],
                  "tools":[{"functionDeclarations":[{"name":"f"}]}]}}"""));

        assertThat(plain.messages()).containsExactly(Message.user("hi"));
        assertThat(wrapped.messages()).containsExactly(Message.system("Be brief."), Message.user("hi"));
        assertThat(wrapped.tools()).extracting(ToolSpec::name).containsExactly("f");
        assertThatThrownBy(() -> codec.decodeCountTokensRequest(utf8("{\"generateContentRequest\":{}}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("generateContentRequest.contents");
    }

    @Test
    void countsTokensWithTheSystemInstructionAndToolsThroughAGenerateContentRequest() throws IOException {
        ChatRequest request = ChatRequest.builder().model("fast").system("Be brief.").user("hi")
                .addTool(new ToolSpec("f", null, null, null)).build();

        JsonNode body = JSON.readTree(codec.encodeCountTokensRequest(request, "gemini-2.5-flash"));

        assertThat(body.fieldNames()).toIterable().containsExactly("generateContentRequest");
        JsonNode wrapped = body.get("generateContentRequest");
        assertThat(wrapped.get("model").asText()).isEqualTo("models/gemini-2.5-flash");
        assertThat(wrapped.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(wrapped.at("/contents/0/parts/0/text").asText()).isEqualTo("hi");
        assertThat(wrapped.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("f");
    }

    @Test
    void readsAndWritesTokenCounts() throws IOException {
        assertThat(codec.decodeTokenCount(Fixtures.bytes("gemini/count-tokens.json"))).isEqualTo(31);
        assertThat(codec.decodeTokenCount(utf8("{}"))).isZero();
        assertThat(JSON.readTree(codec.encodeTokenCount(42))).isEqualTo(JSON.readTree("{\"totalTokens\":42}"));
        assertThatThrownBy(() -> codec.decodeTokenCount(utf8("{\"totalTokens\":\"many\"}")))
                .isInstanceOf(UpstreamException.class);
    }

    @Test
    void writesBackCandidateFieldsItKeptForAGeminiClient() throws IOException {
        ChatResponse response = new ChatResponse("r", "m", List.of(new Text("x")), StopReason.END_TURN, Usage.ZERO,
                new Extensions(java.util.Map.of("gemini.candidate.groundingMetadata", "{\"webSearchQueries\":[\"q\"]}",
                        "gemini.promptFeedback", "{\"safetyRatings\":[]}")));

        JsonNode encoded = JSON.readTree(codec.encodeResponse(response));

        assertThat(encoded.at("/candidates/0/groundingMetadata/webSearchQueries/0").asText()).isEqualTo("q");
        assertThat(encoded.get("promptFeedback")).isEqualTo(JSON.readTree("{\"safetyRatings\":[]}"));
    }
}
