package dev.aiproxy.translate.internal.responses;

import dev.aiproxy.translate.internal.json.UsageCountsCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Responses answers and stream events, read for usage accounting without a tree ({@link ResponsesUsage#COUNTS}), give what the tree decoder gives; a
 * usage object the counts cannot say exactly is left to the tree decoder.
 */
class ResponsesUsageCountsTest {
    private static final String[] PATHS = {"/usage", "/response/usage"};

    static List<String> readable() {
        return List.of(
                "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":87,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":123}}",
                "{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":{\"id\":\"resp_1\",\"output\":[{\"type\":\"message\",\"content\":[]}],\"usage\":{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":60},\"output_tokens\":40,\"output_tokens_details\":{\"reasoning_tokens\":30},\"total_tokens\":140}}}",
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"usage\":null}}",
                "{\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"input_tokens_details\":null}}");
    }

    static List<String> leftToTree() {
        return List.of(
                "{\"usage\":{\"input_tokens\":1,\"input_tokens\":2}}",
                "{\"usage\":{\"output_tokens\":true}}",
                "{\"usage\":{\"input_tokens_details\":\"x\"}}",
                "{\"response\":{\"usage\":{\"output_tokens_details\":{\"reasoning_tokens\":-3}}}}");
    }

    @ParameterizedTest
    @MethodSource("readable")
    void theUsageIsReadWithoutATreeToWhatTheTreeGives(String json) {
        UsageCountsCheck.readsWithoutTree(ResponsesUsage.COUNTS, json, PATHS);
    }

    @ParameterizedTest
    @MethodSource("leftToTree")
    void aUsageTheCountsCannotSayExactlyIsLeftToTheTree(String json) {
        UsageCountsCheck.leavesToTree(ResponsesUsage.COUNTS, json, PATHS);
    }
}
