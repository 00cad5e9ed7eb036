package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text deltas, which the stream decoder reads without a tree, decode exactly as every other event does: the same
 * text, the same checks, and the tree's treatment for any shape the documentation does not show.
 */
class AnthropicTextDeltaTest {
    private static final String MESSAGE_START = """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],\
            "model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,\
            "usage":{"input_tokens":25,"output_tokens":1}}}""";
    private static final String TEXT_START = """
            {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""";
    private static final String TOOL_START = """
            {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1",\
            "name":"get_weather","input":{}}}""";

    private final StreamDecoder decoder = Codecs.of(ApiFormat.ANTHROPIC_MESSAGES).newStreamDecoder();

    @Test
    void aTextDeltaWithEscapesAndItsFieldsInAnotherOrderDecodesToItsText() {
        started(TEXT_START);

        List<StreamEvent> events = decode("content_block_delta", """
                {"delta":{"text":"say \\"h\\u00e9llo\\"\\n","type":"text_delta"},"index":0,"type":"content_block_delta"}""");

        assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "say \"h\u00e9llo\"\n"));
    }

    @Test
    void aTextDeltaWithAFieldTheDocumentationDoesNotShowStillDecodes() {
        started(TEXT_START);

        List<StreamEvent> events = decode("content_block_delta", """
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi","citations":[]},\
                "future":{"a":1}}""");

        assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "Hi"));
    }

    @Test
    void anEmptyTextDeltaGivesNoEvent() {
        started(TEXT_START);

        assertThat(decode("content_block_delta", """
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}""")).isEmpty();
    }

    @Test
    void aTextDeltaForAToolUseBlockIsRejected() {
        started(TOOL_START);

        assertRejected("""
                {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}}""",
                "'text_delta' for block 1, which is not a tool block");
    }

    @Test
    void aTextDeltaForABlockThatIsNotOpenIsRejected() {
        started(TEXT_START);

        assertRejected("""
                {"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"Hi"}}""",
                "'content_block_delta' for block 3, which is not open");
    }

    @Test
    void aTextDeltaBeforeMessageStartIsRejected() {
        assertRejected("""
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""",
                "'content_block_delta' before 'message_start'");
    }

    @Test
    void aTextDeltaWithATextThatIsNotAStringIsRejected() {
        started(TEXT_START);

        assertRejected("""
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":7}}""", "delta.text");
    }

    private void assertRejected(String textDelta, String message) {
        assertThatThrownBy(() -> decode("content_block_delta", textDelta))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining(message);
    }

    private void started(String blockStart) {
        decode("message_start", MESSAGE_START);
        decode("content_block_start", blockStart);
    }

    private List<StreamEvent> decode(String name, String data) {
        return decoder.decode(new SseEvent(name, data));
    }
}
