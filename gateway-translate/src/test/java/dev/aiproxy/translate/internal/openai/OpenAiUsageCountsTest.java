package dev.aiproxy.translate.internal.openai;

import dev.aiproxy.translate.internal.json.UsageCountsCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chat Completions answers and chunks, read for usage accounting without a tree ({@link OpenAiUsage#COUNTS}), give what the tree decoder gives; a
 * usage object the counts cannot say exactly is left to the tree decoder.
 */
class OpenAiUsageCountsTest {
    private static final String[] PATHS = {"/usage"};

    static List<String> readable() {
        return List.of(
                "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there, here are five words.\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":9,\"total_tokens\":33,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":50,\"total_tokens\":150,\"prompt_tokens_details\":{\"cached_tokens\":64},\"completion_tokens_details\":{\"reasoning_tokens\":20}}}",
                "{\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":50,\"total_tokens\":170,\"completion_tokens_details\":{\"reasoning_tokens\":20}}}",
                "{\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":50,\"total_tokens\":150,\"prompt_cache_hit_tokens\":80,\"prompt_cache_miss_tokens\":20,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                "{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,\"prompt_tokens_details\":null,\"completion_tokens_details\":null,\"prompt_cache_hit_tokens\":null}}",
                "{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":50}}}",
                "{\"usage\":{}}",
                "{\"id\":\"x\",\"usage\":null}",
                "{\"id\":\"x\"}");
    }

    static List<String> leftToTree() {
        return List.of(
                "{\"usage\":{\"prompt_tokens\":10,\"prompt_tokens\":11}}",
                "{\"usage\":{\"prompt_tokens\":\"10\"}}",
                "{\"usage\":{\"prompt_tokens\":-1}}",
                "{\"usage\":{\"prompt_tokens\":1.0}}",
                "{\"usage\":{\"prompt_tokens\":99999999999999999999}}",
                "{\"usage\":{\"prompt_tokens_details\":[]}}",
                "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":\"1\"}}}",
                "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":1},\"prompt_tokens_details\":{\"cached_tokens\":2}}}",
                "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":1},\"prompt_tokens_details\":null}}",
                "{\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":1,\"reasoning_tokens\":2}}}",
                "{\"usage\":{\"prompt_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":4},\"prompt_cache_hit_tokens\":\"bad\"}}");
    }

    @ParameterizedTest
    @MethodSource("readable")
    void theUsageIsReadWithoutATreeToWhatTheTreeGives(String json) {
        UsageCountsCheck.readsWithoutTree(OpenAiUsage.COUNTS, json, PATHS);
    }

    @ParameterizedTest
    @MethodSource("leftToTree")
    void aUsageTheCountsCannotSayExactlyIsLeftToTheTree(String json) {
        UsageCountsCheck.leavesToTree(OpenAiUsage.COUNTS, json, PATHS);
    }
}
