package dev.aiproxy.translate.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunks whose one choice holds at most text, which the stream decoder reads without a tree once the stream has
 * begun, decode exactly as every other chunk does: the same events, and the tree's treatment for anything else.
 */
class OpenAiTextChunkTest {
    private static final String HEAD = """
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
            "service_tier":"default","system_fingerprint":"fp_1","choices":""";
    private final StreamDecoder decoder = Codecs.of(ApiFormat.OPENAI_CHAT).newStreamDecoder();

    @Test
    void aTextChunkWithEscapesAndFieldsTheDecoderIgnoresGivesItsText() {
        decode(HEAD + """
                [{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,\
                "finish_reason":null}],"usage":null}""");

        List<StreamEvent> events = decode(HEAD + """
                [{"index":0,"delta":{"content":" say \\"h\\u00e9llo\\""},"logprobs":null,"finish_reason":null}],\
                "usage":null,"obfuscation":"x1y2"}""");

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, " say \"h\u00e9llo\""));
    }

    @Test
    void theFinishChunkClosesTheBlockAndTheUsageChunkCountsAtTheEnd() {
        decode(HEAD + """
                [{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""");

        List<StreamEvent> finish = decode(HEAD + """
                [{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}""");
        decode(HEAD + """
                [],"usage":{"prompt_tokens":24,"completion_tokens":2,"total_tokens":26}}""");

        assertThat(finish).containsExactly(new StreamEvent.BlockStop(0));
        assertThat(decode("[DONE]")).containsExactly(
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, Usage.of(24, 2)), new StreamEvent.MessageStop());
    }

    @Test
    void aReasoningChunkIsStillReadAsThinking() {
        decode(HEAD + """
                [{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");

        List<StreamEvent> events = decode(HEAD + """
                [{"index":0,"delta":{"content":null,"reasoning_content":"Let me see"},"finish_reason":null}]}""");

        assertThat(events).containsExactly(new StreamEvent.BlockStart(0, Thinking.of("")),
                new StreamEvent.ThinkingDelta(0, "Let me see"));
    }

    @Test
    void aChunkWithAnErrorFailsTheStream() {
        decode(HEAD + """
                [{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""");

        assertThatThrownBy(() -> decode("""
                {"choices":[{"index":0,"delta":{"content":"x"}}],\
                "error":{"message":"The server had an error while processing your request.","type":"server_error"}}"""))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("The server had an error");
    }

    @Test
    void aContentThatIsNotAStringIsRejected() {
        decode(HEAD + """
                [{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""");

        assertThatThrownBy(() -> decode(HEAD + """
                [{"index":0,"delta":{"content":7},"finish_reason":null}]}"""))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("choices[0].delta.content");
    }

    private List<StreamEvent> decode(String data) {
        return decoder.decode(new SseEvent(null, data));
    }
}
