package dev.aiproxy.translate.internal.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers of plain text parts, which the answer decoder reads without a tree ({@link GeminiTextAnswers}), decode to
 * exactly what the tree-based decoder makes of them; everything else is left to that decoder, which then gives the
 * answer or the error it always gave.
 */
class GeminiTextAnswerTest {
    /** The shape of https://ai.google.dev/api/generate-content#generatecontentresponse, as Gemini 2.5 sends it. */
    private static final String DOCUMENTED = """
            {
              "candidates": [
                {
                  "content": {
                    "parts": [{"text": "AI learns patterns from data."}],
                    "role": "model"
                  },
                  "finishReason": "STOP",
                  "avgLogprobs": -0.21,
                  "index": 0
                }
              ],
              "usageMetadata": {
                "promptTokenCount": 8,
                "candidatesTokenCount": 7,
                "totalTokenCount": 1215,
                "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}],
                "thoughtsTokenCount": 1200,
                "cachedContentTokenCount": 4,
                "cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 4}]
              },
              "modelVersion": "gemini-2.5-flash",
              "responseId": "mKqFaOuVHsWnnvgPkeDa8QE"
            }""";
    /** The fake upstream's answer (bench/src/.../FakeBodies.java). */
    private static final String FAKE = """
            {"candidates":[{"content":{"parts":[{"text":"Hello there, here are five words."}],"role":"model"},\
            "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":24,"candidatesTokenCount":9,\
            "totalTokenCount":33,"promptTokensDetails":[{"modality":"TEXT","tokenCount":24}]},\
            "modelVersion":"gemini-2.5-flash","responseId":"bench-response"}""";

    static List<String> textAnswers() {
        return List.of(DOCUMENTED, FAKE,
                """
                {"responseId":"r1","modelVersion":null,"usageMetadata":null,"candidates":[{"index":0,\
                "finishReason":"MAX_TOKENS","content":{"role":"model","parts":[{"text":"one "},{"text":""},\
                {"text":"two \\"q\\" \\u00e9\\n"}]}}]}""",
                """
                {"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"SAFETY"}],\
                "usageMetadata":{"promptTokenCount":3,"toolUsePromptTokenCount":2,"candidatesTokenCount":null},\
                "responseId":"r2","createTime":"2025-01-01T00:00:00Z","modelVersion":"gemini-2.0-flash-001"}""",
                """
                {"candidates":[{"content":{"parts":[],"role":"model"}}],"responseId":"r3"}""",
                """
                {"candidates":[{"content":null,"finishReason":null}],"responseId":"r4"}""",
                """
                {"candidates":[{"finishReason":"MALFORMED_FUNCTION_CALL","index":0}],"responseId":"r5"}""");
    }

    static List<String> nearMisses() {
        String part = "{\"text\":\"Hi\"}";
        String tail = "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":2,"
                + "\"candidatesTokenCount\":1},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r\"}";
        String answer = answer(part) + tail;
        return List.of(
                // other parts
                answer(part.replace("}", ",\"thought\":true}")) + tail,
                answer(part.replace("}", ",\"thoughtSignature\":\"c2ln\"}")) + tail,
                answer(part.replace("}", ",\"thought\":false}")) + tail,
                answer("{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}}") + tail,
                answer("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBO\"}}") + tail,
                answer("{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"1\"}}") + tail,
                answer("{\"text\":\"Hi\",\"text\":\"Ho\"}") + tail,
                answer("{\"text\":7}") + tail,
                answer("\"Hi\"") + tail,
                answer("{}") + tail,
                // candidate fields the answer's decoder keeps, and more than one candidate or none
                answer(part) + "\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\","
                        + "\"probability\":\"NEGLIGIBLE\"}]," + tail,
                answer(part) + "\"citationMetadata\":{\"citationSources\":[{\"uri\":\"u\"}]}," + tail,
                answer(part) + "\"groundingMetadata\":{}," + tail,
                answer(part) + "\"finishMessage\":\"m\"," + tail,
                answer(part) + "\"safetyRatings\":null," + tail,
                answer.replace("\"index\":0}]", "\"index\":0},{\"content\":{\"parts\":[{\"text\":\"B\"}]},"
                        + "\"index\":1}]"),
                answer.replace("[{\"content\"", "[\"x\",{\"content\""),
                "{\"candidates\":[],\"responseId\":\"r\"}",
                "{\"candidates\":null,\"responseId\":\"r\"}",
                "{\"responseId\":\"r\",\"usageMetadata\":{\"promptTokenCount\":2}}",
                "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"responseId\":\"r\"}",
                answer.replace("\"responseId\":\"r\"", "\"promptFeedback\":{\"safetyRatings\":[]},\"responseId\":\"r\""),
                // fields twice, missing, of another kind
                answer.replace("\"index\":0", "\"finishReason\":\"MAX_TOKENS\""),
                answer.replace("{\"parts\"", "{\"parts\":null,\"parts\""),
                answer.replace("\"responseId\":\"r\"", "\"responseId\":\"r\",\"responseId\":\"s\""),
                answer.replace("\"modelVersion\"", "\"usageMetadata\":{},\"modelVersion\""),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":1,\"candidatesTokenCount\":9"),
                answer.replace(",\"responseId\":\"r\"", ""),
                answer.replace("\"responseId\":\"r\"", "\"responseId\":null"),
                answer.replace("\"responseId\":\"r\"", "\"responseId\":3"),
                answer.replace("\"gemini-2.5-flash\"", "{}"),
                answer.replace("\"STOP\"", "1"),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":-1"),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":1.5"),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":\"1\""),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":99999999999999999999"),
                answer.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":9223372036854775807,"
                        + "\"thoughtsTokenCount\":1"),
                answer.replace("{\"promptTokenCount\":2,\"candidatesTokenCount\":1}", "[]"),
                answer.replace("{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}", "\"Hi\""),
                answer.replace("[{\"text\":\"Hi\"}]", "{\"text\":\"Hi\"}"),
                // not an answer
                """
                {"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}""",
                "[" + answer + "]",
                "{}", "[]", "null", "",
                answer + " {}",
                answer.substring(0, answer.length() - 1),
                answer.replace("\"STOP\"", "\"STOP"));
    }

    private static String answer(String part) {
        return "{\"candidates\":[{\"content\":{\"parts\":[" + part + "],\"role\":\"model\"},";
    }

    @ParameterizedTest
    @MethodSource("textAnswers")
    void aTextAnswerReadsToWhatTheTreeMakesOfIt(String body) {
        ChatResponse fast = GeminiTextAnswers.read(bytes(body));

        assertThat(fast).isNotNull().isEqualTo(GeminiResponseCodec.decodeTree(bytes(body)));
        assertThat(GeminiResponseCodec.decode(bytes(body))).isEqualTo(fast);
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void anythingElseIsLeftToTheTreeWhichGivesWhatItAlwaysGave(String body) {
        assertThat(GeminiTextAnswers.read(bytes(body))).isNull();
        assertThat(outcome(() -> GeminiResponseCodec.decode(bytes(body))))
                .isEqualTo(outcome(() -> GeminiResponseCodec.decodeTree(bytes(body))));
    }

    @Test
    void thoughtsCountAsOutputAndReasoningAndCachedTokensAsCached() {
        ChatResponse response = GeminiTextAnswers.read(bytes(DOCUMENTED));

        assertThat(response.content()).containsExactly(new Text("AI learns patterns from data."));
        assertThat(response.usage()).isEqualTo(new Usage(8, 1207, 4, 0, 1200));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.id()).isEqualTo("mKqFaOuVHsWnnvgPkeDa8QE");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.extensions().isEmpty()).isTrue();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The response, its ids aside (an answer or a tool call without one gets a new one each time), or the error.
     */
    private static Object outcome(Supplier<ChatResponse> decode) {
        try {
            ChatResponse response = decode.get();
            return new ChatResponse("", response.model(), response.content().stream()
                    .map(part -> part instanceof ToolCall call
                            ? new ToolCall("", call.name(), call.argumentsJson(), call.signature()) : part)
                    .toList(), response.stopReason(), response.usage(), response.extensions());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
