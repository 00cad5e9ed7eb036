package dev.aiproxy.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatResponseAccumulatorTest {
    private final ChatResponseAccumulator acc = new ChatResponseAccumulator();

    @Test
    void foldsTextThinkingAndToolCallBlocksInIndexOrder() {
        acc.accept(new StreamEvent.MessageStart("msg_1", "m", Usage.of(10, 0)));
        acc.accept(new StreamEvent.BlockStart(0, Thinking.of("")));
        acc.accept(new StreamEvent.ThinkingDelta(0, "Let me "));
        acc.accept(new StreamEvent.ThinkingDelta(0, "think."));
        acc.accept(new StreamEvent.SignatureDelta(0, "sig=="));
        acc.accept(new StreamEvent.BlockStop(0));
        acc.accept(new StreamEvent.BlockStart(1, new Text("")));
        acc.accept(new StreamEvent.TextDelta(1, "Calling."));
        acc.accept(new StreamEvent.BlockStop(1));
        acc.accept(new StreamEvent.BlockStart(2, new ToolCall("call_1", "lookup", "")));
        acc.accept(new StreamEvent.ToolArgumentsDelta(2, "{\"q\":"));
        acc.accept(new StreamEvent.ToolArgumentsDelta(2, "1}"));
        acc.accept(new StreamEvent.BlockStop(2));
        acc.accept(new StreamEvent.MessageDelta(StopReason.TOOL_USE, new Usage(0, 20, 0, 0, 5)));
        acc.accept(new StreamEvent.MessageStop());

        ChatResponse response = acc.response();

        assertThat(acc.isComplete()).isTrue();
        assertThat(response.content()).containsExactly(new Thinking("Let me think.", "sig==", null, null),
                new Text("Calling."), new ToolCall("call_1", "lookup", "{\"q\":1}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(10, 20, 0, 0, 5));
    }

    @Test
    void givesAToolCallWithoutArgumentDeltasAnEmptyObject() {
        acc.accept(new StreamEvent.MessageStart("m1", "m", null));
        acc.accept(new StreamEvent.BlockStart(0, new ToolCall("c", "now", "")));
        acc.accept(new StreamEvent.BlockStop(0));

        assertThat(acc.response().toolCalls()).containsExactly(new ToolCall("c", "now", "{}"));
    }

    @Test
    void rejectsADeltaBeforeMessageStart() {
        assertThatThrownBy(() -> acc.accept(new StreamEvent.TextDelta(0, "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("'TextDelta' before 'MessageStart'");
    }

    @Test
    void rejectsASecondMessageStart() {
        acc.accept(new StreamEvent.MessageStart("m1", "m", null));

        assertThatThrownBy(() -> acc.accept(new StreamEvent.MessageStart("m2", "m", null)))
                .hasMessage("'MessageStart' event already received");
    }

    @Test
    void rejectsADeltaForABlockThatNeverStarted() {
        acc.accept(new StreamEvent.MessageStart("m1", "m", null));

        assertThatThrownBy(() -> acc.accept(new StreamEvent.ToolArgumentsDelta(3, "{}")))
                .hasMessage("'ToolArgumentsDelta' for block 3 before its 'BlockStart'");
    }

    @Test
    void rejectsEventsAfterMessageStop() {
        acc.accept(new StreamEvent.MessageStart("m1", "m", null));
        acc.accept(new StreamEvent.MessageStop());

        assertThatThrownBy(() -> acc.accept(new StreamEvent.MessageStop()))
                .hasMessageStartingWith("event after 'MessageStop'");
    }
}
