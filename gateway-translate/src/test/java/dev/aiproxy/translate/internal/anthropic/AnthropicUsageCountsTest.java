package dev.aiproxy.translate.internal.anthropic;

import dev.aiproxy.translate.internal.json.UsageCountsCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic messages and stream events, read for usage accounting without a tree ({@link AnthropicUsage#COUNTS}), give what the tree decoder gives; a
 * usage object the counts cannot say exactly is left to the tree decoder.
 */
class AnthropicUsageCountsTest {
    private static final String[] PATHS = {"/usage", "/message/usage"};

    static List<String> readable() {
        return List.of(
                "{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there, here are five words.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":24,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":9,\"service_tier\":\"standard\"}}",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_creation\":{\"ephemeral_5m_input_tokens\":7},\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":100,\"server_tool_use\":{\"web_search_requests\":1}}}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}",
                "{\"type\":\"message_delta\",\"usage\":{\"input_tokens\":null,\"output_tokens\":5}}",
                "{\"type\":\"message_stop\"}",
                "{\"usage\":{\"input_tokens\":9223372036854775807,\"cache_read_input_tokens\":1}}");
    }

    static List<String> leftToTree() {
        return List.of(
                "{\"usage\":{\"output_tokens\":1,\"output_tokens\":2}}",
                "{\"usage\":{\"output_tokens\":\"1\"}}",
                "{\"message\":{\"usage\":{\"input_tokens\":-5}}}",
                "{\"usage\":{\"cache_read_input_tokens\":{}}}");
    }

    @ParameterizedTest
    @MethodSource("readable")
    void theUsageIsReadWithoutATreeToWhatTheTreeGives(String json) {
        UsageCountsCheck.readsWithoutTree(AnthropicUsage.COUNTS, json, PATHS);
    }

    @ParameterizedTest
    @MethodSource("leftToTree")
    void aUsageTheCountsCannotSayExactlyIsLeftToTheTree(String json) {
        UsageCountsCheck.leavesToTree(AnthropicUsage.COUNTS, json, PATHS);
    }
}
