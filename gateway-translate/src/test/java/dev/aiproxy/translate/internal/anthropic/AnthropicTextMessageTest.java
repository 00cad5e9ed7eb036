package dev.aiproxy.translate.internal.anthropic;

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
 * Text messages, which the answer decoder reads without a tree ({@link AnthropicTextMessages}), decode to exactly what
 * the tree-based decoder makes of them; everything else is left to that decoder, which then gives the answer or the
 * error it always gave.
 */
class AnthropicTextMessageTest {
    /** The example of https://docs.anthropic.com/en/api/messages. */
    private static final String DOCUMENTED = """
            {"content":[{"text":"Hi! My name is Claude.","type":"text"}],"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF",\
            "model":"claude-sonnet-4-5-20250929","role":"assistant","stop_reason":"end_turn","stop_sequence":null,\
            "type":"message","usage":{"input_tokens":2095,"output_tokens":503}}""";
    /** The fake upstream's answer (bench/src/.../FakeBodies.java). */
    private static final String FAKE = """
            {"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
            "content":[{"type":"text","text":"Hello there, here are five words."}],"stop_reason":"end_turn",\
            "stop_sequence":null,"usage":{"input_tokens":24,"cache_creation_input_tokens":0,\
            "cache_read_input_tokens":0,"output_tokens":9,"service_tier":"standard"}}""";

    static List<String> textMessages() {
        return List.of(DOCUMENTED, FAKE,
                // the usage object as the API sends it today, with its detail objects
                """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-1","content":[\
                {"type":"text","text":"one"},{"text":"two \\"quoted\\" \\u00e9\\n","type":"text"},\
                {"type":"text","text":""}],"stop_reason":"max_tokens","stop_sequence":null,"usage":{\
                "cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":2051},\
                "cache_creation_input_tokens":2051,"cache_read_input_tokens":1024,"input_tokens":12,\
                "output_tokens":503,"server_tool_use":{"web_search_requests":0},"service_tier":"standard"}}""",
                """
                {"id":"msg_2","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"x"}],\
                "stop_reason":"stop_sequence","stop_sequence":"\\n\\nHuman: \\"</s>\\"","usage":{"input_tokens":1,\
                "output_tokens":2,"cache_read_input_tokens":null,"cache_creation_input_tokens":null}}""",
                """
                {"usage":{},"stop_reason":null,"content":[],"model":"","role":"assistant","type":"message","id":""}""",
                """
                {"id":"msg_3","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"r"}],\
                "usage":{"input_tokens":9223372036854775807,"output_tokens":0}}""",
                """
                {"id":"msg_4","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"r"}],\
                "stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}  \n""");
    }

    static List<String> nearMisses() {
        String head = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",";
        String text = "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],";
        String end = "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":2}}";
        return List.of(
                // other blocks
                head + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}],"
                        + end.replace("end_turn", "tool_use"),
                head + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"sig\"},"
                        + "{\"type\":\"text\",\"text\":\"Hi\"}]," + end,
                head + "\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"abc\"}]," + end,
                head + "\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
                        + "\"input\":{\"query\":\"q\"}}]," + end,
                head + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"citations\":[{\"type\":\"char_location\","
                        + "\"cited_text\":\"c\"}]}]," + end,
                head + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"citations\":null}]," + end,
                // fields twice, missing, of another kind
                head + text + "\"id\":\"msg_2\"," + end,
                head + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"text\":\"Ho\"}]," + end,
                head + "\"content\":[{\"type\":\"text\",\"type\":\"text\",\"text\":\"Hi\"}]," + end,
                head + text + end.replace("\"output_tokens\":2", "\"output_tokens\":2,\"output_tokens\":3"),
                head + text + end.replace("}}", "},\"usage\":{\"input_tokens\":5}}"),
                head + "\"content\":[{\"text\":\"Hi\"}]," + end,
                head + "\"content\":[{\"type\":\"text\"}]," + end,
                head + "\"content\":[{\"type\":\"text\",\"text\":7}]," + end,
                head + "\"content\":[\"Hi\"]," + end,
                head + "\"content\":\"Hi\"," + end,
                head + "\"content\":null," + end,
                head + end,
                head.replace("\"msg_1\"", "null") + text + end,
                head.replace("\"msg_1\"", "42") + text + end,
                head.replace(",\"model\":\"m\"", "") + text + end,
                head.replace("\"m\"", "null") + text + end,
                head.replace("\"message\"", "\"completion\"") + text + end,
                head.replace("\"assistant\"", "\"user\"") + text + end,
                head + text + end.replace("\"end_turn\"", "1"),
                head + text + end.replace("\"stop_sequence\":null", "\"stop_sequence\":[]"),
                head + text + end.replace("\"output_tokens\":2", "\"output_tokens\":-2"),
                head + text + end.replace("\"output_tokens\":2", "\"output_tokens\":2.0"),
                head + text + end.replace("\"output_tokens\":2", "\"output_tokens\":\"2\""),
                head + text + end.replace("\"output_tokens\":2", "\"output_tokens\":99999999999999999999"),
                head + text + end.replace("\"input_tokens\":1", "\"input_tokens\":9223372036854775807,"
                        + "\"cache_read_input_tokens\":1"),
                head + text + end.replace("\"usage\":{\"input_tokens\":1,\"output_tokens\":2}", "\"usage\":null"),
                head + text + end.replace(",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}", ""),
                head + text + end.replace("\"usage\":{\"input_tokens\":1,\"output_tokens\":2}", "\"usage\":[]"),
                // fields the documentation does not show
                head + text + "\"container\":null," + end,
                head + text + end.replace("}}", "},\"future\":{\"a\":1}}"),
                // not a message
                """
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
                "{}", "[]", "null", "\"message\"", "",
                head + text + end + " {}",
                head + text + end.substring(0, end.length() - 1),
                head + text + end.replace(":null", ":nul"));
    }

    @ParameterizedTest
    @MethodSource("textMessages")
    void aTextMessageReadsToWhatTheTreeMakesOfIt(String body) {
        ChatResponse fast = AnthropicTextMessages.read(bytes(body));

        assertThat(fast).isNotNull().isEqualTo(AnthropicResponseCodec.decodeTree(bytes(body)));
        assertThat(AnthropicResponseCodec.decode(bytes(body))).isEqualTo(fast);
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void anythingElseIsLeftToTheTreeWhichGivesWhatItAlwaysGave(String body) {
        assertThat(AnthropicTextMessages.read(bytes(body))).isNull();
        assertThat(outcome(() -> AnthropicResponseCodec.decode(bytes(body))))
                .isEqualTo(outcome(() -> AnthropicResponseCodec.decodeTree(bytes(body))));
    }

    @Test
    void theUsageCountsCachedTokensAsInputAndTheStopSequenceIsKept() {
        ChatResponse response = AnthropicTextMessages.read(bytes("""
                {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"a"},\
                {"type":"text","text":"b"}],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{\
                "input_tokens":10,"output_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":20}}"""));

        assertThat(response.content()).containsExactly(new Text("a"), new Text("b"));
        assertThat(response.usage()).isEqualTo(new Usage(130, 5, 100, 20, 0));
        assertThat(response.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(response.extensions().get("anthropic.stop_sequence")).contains("\"END\"");
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
