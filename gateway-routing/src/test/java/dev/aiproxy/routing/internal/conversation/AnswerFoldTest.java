package dev.aiproxy.routing.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Usage;
import org.junit.jupiter.api.Test;

class AnswerFoldTest {

    private static void stream(AnswerFold fold, int deltas, String delta) {
        fold.accept(new StreamEvent.MessageStart("resp_1", "gpt", Usage.ZERO));
        fold.accept(new StreamEvent.BlockStart(0, new Text("")));
        for (int i = 0; i < deltas; i++) {
            fold.accept(new StreamEvent.TextDelta(0, delta));
        }
        fold.accept(new StreamEvent.BlockStop(0));
        fold.accept(new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.ZERO));
        fold.accept(new StreamEvent.MessageStop());
    }

    @Test
    void foldsAnAnswerWithinTheBoundIntoTheWholeOne() {
        AnswerFold fold = new AnswerFold(100_000);

        stream(fold, 10, "0123456789");

        assertThat(fold.gaveUp()).isFalse();
        assertThat(fold.whole()).get().satisfies(r -> assertThat(r.text()).isEqualTo("0123456789".repeat(10)));
    }

    @Test
    void letsGoOfAnAnswerPastTheBoundAndKeepsNothingOfIt() {
        AnswerFold fold = new AnswerFold(10_000);

        stream(fold, 2_000, "0123456789");

        assertThat(fold.gaveUp()).isTrue();
        assertThat(fold.whole()).isEmpty();
    }
}
