package dev.aiproxy.translate.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.testing.SseStreams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ConverseStream's events, as the Bedrock provider hands them on (one server-sent event per frame). */
class ConverseStreamTest {
    private final FormatCodec codec = Codecs.of(ApiFormat.BEDROCK_CONVERSE);

    private List<StreamEvent> decode(SseEvent... events) {
        return SseStreams.decode(codec, List.of(events));
    }

    @Test
    void decodesTheDocumentedToolStreamIntoOrderedCanonicalEvents() {
        List<StreamEvent> events = SseStreams.decode(codec, "bedrock/converse-stream-tool.sse");

        assertThat(events).hasSize(10);
        assertThat(events.getFirst()).isInstanceOf(StreamEvent.MessageStart.class);
        assertThat(events.subList(1, 10)).containsExactly(
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Let me look that up."),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ToolCall("tooluse_Yp4zQtWKTKSjgcUFjBRXbg", "top_song", "")),
                new StreamEvent.ToolArgumentsDelta(1, "{\"sign\": "),
                new StreamEvent.ToolArgumentsDelta(1, "\"WZPZ\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.of(379, 68)),
                new StreamEvent.MessageStop());
    }

    @Test
    void reasoningDeltasOpenAThinkingBlockWithItsSignature() {
        List<StreamEvent> events = decode(new SseEvent("messageStart", "{\"role\":\"assistant\"}"),
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"text\":\"Thinking it over.\"}}}"),
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"signature\":\"sig-abc\"}}}"),
                new SseEvent("contentBlockStop", "{\"contentBlockIndex\":0}"),
                new SseEvent("messageStop", "{\"stopReason\":\"end_turn\"}"),
                new SseEvent("metadata", "{\"usage\":{\"inputTokens\":3,\"outputTokens\":4,\"totalTokens\":7}}"));

        assertThat(events.subList(1, events.size())).containsExactly(
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.BEDROCK_CONVERSE)),
                new StreamEvent.ThinkingDelta(0, "Thinking it over."),
                new StreamEvent.SignatureDelta(0, "sig-abc"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(3, 4)),
                new StreamEvent.MessageStop());
    }

    @Test
    void anExceptionEventFailsTheStreamWithItsKindAndMessage() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent("messageStart", "{\"role\":\"assistant\"}"));

        assertThatThrownBy(() -> decoder.decode(new SseEvent("throttlingException",
                "{\"message\":\"Too many tokens, please wait before trying again.\"}")))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(ErrorType.RATE_LIMITED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("Too many tokens, please wait before trying again.");
                });
    }

    @Test
    void aStreamThatEndsBeforeMessageStopIsCutShort() {
        assertThatThrownBy(() -> decode(new SseEvent("messageStart", "{\"role\":\"assistant\"}"),
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("cut short");
    }

    @Test
    void aStreamThatEndsAfterMessageStopWithoutItsMetadataIsWholeWithoutUsage() {
        List<StreamEvent> events = decode(new SseEvent("messageStart", "{\"role\":\"assistant\"}"),
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"),
                new SseEvent("messageStop", "{\"stopReason\":\"max_tokens\"}"));

        assertThat(events.subList(events.size() - 3, events.size())).containsExactly(new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, Usage.ZERO), new StreamEvent.MessageStop());
    }

    @Test
    void toolInputForABlockThatIsNotAnOpenToolUseIsRefused() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent("messageStart", "{\"role\":\"assistant\"}"));

        assertThatThrownBy(() -> decoder.decode(new SseEvent("contentBlockDelta",
                "{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("not an open tool use");
    }
}
