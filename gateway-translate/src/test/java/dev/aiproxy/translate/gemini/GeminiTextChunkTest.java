package dev.aiproxy.translate.gemini;

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
 * Chunks of plain text parts, which the stream decoder reads without a tree, decode exactly as every other chunk
 * does: the same events and usage, and the tree's treatment for anything else.
 */
class GeminiTextChunkTest {
    private final StreamDecoder decoder = Codecs.of(ApiFormat.GEMINI).newStreamDecoder();

    @Test
    void aTextChunkStartsTheMessageWithItsIdModelAndInputUsage() {
        List<StreamEvent> events = decode("""
                {"candidates":[{"content":{"parts":[{"text":"say \\"h\\u00e9llo\\""}],"role":"model"},"index":0,\
                "safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"}]}],\
                "usageMetadata":{"promptTokenCount":24,"candidatesTokenCount":3,"totalTokenCount":27,\
                "cachedContentTokenCount":4,"promptTokensDetails":[{"modality":"TEXT","tokenCount":24}]},\
                "modelVersion":"gemini-2.5-flash","responseId":"resp-1"}""");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("resp-1", "gemini-2.5-flash", new Usage(24, 0, 4, 0, 0)),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "say \"h\u00e9llo\""));
    }

    @Test
    void theFinishReasonClosesTheBlockAndTheUsageCountsThoughtsAsOutput() {
        decode("""
                {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],\
                "usageMetadata":{"promptTokenCount":24,"candidatesTokenCount":1},"responseId":"r"}""");

        List<StreamEvent> last = decode("""
                {"candidates":[{"content":{"parts":[{"text":" there"},{"text":""}],"role":"model"},\
                "finishReason":"MAX_TOKENS","index":0}],"usageMetadata":{"promptTokenCount":24,\
                "toolUsePromptTokenCount":2,"candidatesTokenCount":5,"thoughtsTokenCount":7,"totalTokenCount":38}}""");

        assertThat(last).containsExactly(new StreamEvent.TextDelta(0, " there"), new StreamEvent.BlockStop(0));
        assertThat(decoder.finish()).containsExactly(
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, new Usage(26, 12, 0, 0, 7)),
                new StreamEvent.MessageStop());
    }

    @Test
    void aThoughtPartIsStillReadAsThinking() {
        List<StreamEvent> events = decode("""
                {"candidates":[{"content":{"parts":[{"text":"Let me see","thought":true}],"role":"model"},\
                "index":0}],"responseId":"r","modelVersion":"gemini-2.5-pro"}""");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("r", "gemini-2.5-pro", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.GEMINI)),
                new StreamEvent.ThinkingDelta(0, "Let me see"));
    }

    @Test
    void aChunkWithAnErrorFailsTheStream() {
        assertThatThrownBy(() -> decode("""
                {"candidates":[{"content":{"parts":[{"text":"Hi"}]}}],\
                "error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("The model is overloaded.");
    }

    @Test
    void aNegativeTokenCountIsRejected() {
        assertThatThrownBy(() -> decode("""
                {"candidates":[{"content":{"parts":[{"text":"Hi"}]}}],\
                "usageMetadata":{"promptTokenCount":-1}}"""))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("usageMetadata.promptTokenCount");
    }

    @Test
    void aPartTextThatIsNotAStringIsRejected() {
        assertThatThrownBy(() -> decode("""
                {"candidates":[{"content":{"parts":[{"text":7}]}}]}"""))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("text");
    }

    private List<StreamEvent> decode(String data) {
        return decoder.decode(new SseEvent(null, data));
    }
}
