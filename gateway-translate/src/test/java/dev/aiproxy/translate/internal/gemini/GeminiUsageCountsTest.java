package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.translate.internal.json.UsageCountsCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gemini answers and stream chunks, read for usage accounting without a tree ({@link GeminiUsage#COUNTS}), give what the tree decoder gives; a
 * usage object the counts cannot say exactly is left to the tree decoder.
 */
class GeminiUsageCountsTest {
    private static final String[] PATHS = {"/usageMetadata"};

    static List<String> readable() {
        return List.of(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello there, here are five words.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":24,\"candidatesTokenCount\":9,\"totalTokenCount\":33,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":24}]},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"bench-response\"}",
                "{\"usageMetadata\":{\"promptTokenCount\":8,\"toolUsePromptTokenCount\":3,\"candidatesTokenCount\":7,\"thoughtsTokenCount\":1200,\"cachedContentTokenCount\":4,\"totalTokenCount\":1218}}",
                "{\"usageMetadata\":{\"promptTokenCount\":9223372036854775807,\"toolUsePromptTokenCount\":1}}",
                "{\"candidates\":[],\"usageMetadata\":null}");
    }

    static List<String> leftToTree() {
        return List.of(
                "{\"usageMetadata\":{\"promptTokenCount\":1,\"promptTokenCount\":1}}",
                "{\"usageMetadata\":{\"thoughtsTokenCount\":2.5}}",
                "{\"usageMetadata\":{\"cachedContentTokenCount\":-1}}",
                "{\"usageMetadata\":{\"candidatesTokenCount\":[]}}");
    }

    @ParameterizedTest
    @MethodSource("readable")
    void theUsageIsReadWithoutATreeToWhatTheTreeGives(String json) {
        UsageCountsCheck.readsWithoutTree(GeminiUsage.COUNTS, json, PATHS);
    }

    @ParameterizedTest
    @MethodSource("leftToTree")
    void aUsageTheCountsCannotSayExactlyIsLeftToTheTree(String json) {
        UsageCountsCheck.leavesToTree(GeminiUsage.COUNTS, json, PATHS);
    }
}
