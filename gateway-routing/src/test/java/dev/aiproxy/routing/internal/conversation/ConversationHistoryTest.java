package dev.aiproxy.routing.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.Message;
import dev.aiproxy.routing.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final ConversationHistory history = new ConversationHistory(100, Duration.ofHours(1), clock);

    private static List<Message> turn(int chars) {
        return List.of(Message.user("u".repeat(chars)), Message.assistant("a"));
    }

    @Test
    void letsTheLeastRecentlyUsedGoOnceTheBytesPassTheBound() {
        long one = ConversationSizes.of(turn(10_000).get(0)) + ConversationSizes.of(turn(10_000).get(1));
        long bound = 3 * one;
        history.store("resp_1", turn(10_000), bound);
        history.store("resp_2", turn(10_000), bound);
        history.store("resp_3", turn(10_000), bound);
        history.find("resp_1");

        history.store("resp_4", turn(10_000), bound);

        assertThat(history.find("resp_2")).isEmpty();
        assertThat(history.find("resp_1")).isPresent();
        assertThat(history.find("resp_3")).isPresent();
        assertThat(history.find("resp_4")).isPresent();
        assertThat(history.bytes()).isEqualTo(3 * one);
    }

    @Test
    void keepsNoConversationLargerThanTheBoundOnItsOwnAndKeepsTheOthers() {
        history.store("resp_small", turn(100), 50_000);

        boolean kept = history.store("resp_huge", turn(60_000), 50_000);

        assertThat(kept).isFalse();
        assertThat(history.find("resp_huge")).isEmpty();
        assertThat(history.find("resp_small")).isPresent();
    }

    @Test
    void countsTheMessagesAContinuedConversationSharesOnlyOnce() {
        List<Message> conversation = new ArrayList<>(turn(10_000));
        history.store("resp_1", conversation, UNBOUNDED);
        long first = history.bytes();

        for (int i = 2; i <= 50; i++) {
            conversation.addAll(List.of(Message.user("next"), Message.assistant("ok")));
            history.store("resp_" + i, conversation, UNBOUNDED);
        }

        long perTurn = ConversationSizes.of(Message.user("next")) + ConversationSizes.of(Message.assistant("ok"));
        assertThat(history.bytes()).isEqualTo(first + 49 * perTurn);
    }

    @Test
    void givesTheBytesOfAMessageBackOnlyWhenTheLastConversationHoldingItGoes() {
        List<Message> first = turn(10_000);
        List<Message> continued = new ArrayList<>(first);
        continued.add(Message.user("more"));
        history.store("resp_1", first, UNBOUNDED);
        history.store("resp_2", continued, UNBOUNDED);
        long both = history.bytes();

        clock.advance(Duration.ofMinutes(30));
        history.store("resp_3", turn(1), UNBOUNDED);
        clock.advance(Duration.ofMinutes(31));
        history.find("resp_1");

        assertThat(history.bytes()).isEqualTo(both + ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)));
        history.find("resp_2");
        assertThat(history.bytes()).isEqualTo(ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)));
    }

    @Test
    void stillKeepsAtMostTheCountOfConversations() {
        ConversationHistory small = new ConversationHistory(2, Duration.ofHours(1), clock);

        small.store("resp_1", turn(1), UNBOUNDED);
        small.store("resp_2", turn(1), UNBOUNDED);
        small.store("resp_3", turn(1), UNBOUNDED);

        assertThat(small.find("resp_1")).isEmpty();
        assertThat(small.find("resp_3")).isPresent();
    }

    @Test
    void letsExpiredConversationsGoWhenAnotherIsStored() {
        history.store("resp_old", turn(10_000), UNBOUNDED);
        clock.advance(Duration.ofMinutes(61));

        history.store("resp_new", turn(1), UNBOUNDED);

        assertThat(history.bytes()).isEqualTo(ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)));
    }
}
