package dev.aiproxy.routing.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.Message;
import dev.aiproxy.routing.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final String CLIENT = "team-a";
    private static final byte[] OBJECT = "{\"object\":\"response\"}".getBytes(StandardCharsets.UTF_8);
    private static final long OBJECT_BYTES = ConversationSizes.ofBytes(OBJECT);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final ConversationHistory history = new ConversationHistory(100, Duration.ofHours(1), clock);

    private static List<Message> turn(int chars) {
        return List.of(Message.user("u".repeat(chars)), Message.assistant("a"));
    }

    @Test
    void letsTheLeastRecentlyUsedGoOnceTheBytesPassTheBound() {
        long one = ConversationSizes.of(turn(10_000).get(0)) + ConversationSizes.of(turn(10_000).get(1))
                + OBJECT_BYTES;
        long bound = 3 * one;
        history.store("resp_1", turn(10_000), OBJECT, CLIENT, bound);
        history.store("resp_2", turn(10_000), OBJECT, CLIENT, bound);
        history.store("resp_3", turn(10_000), OBJECT, CLIENT, bound);
        history.find("resp_1", CLIENT);

        history.store("resp_4", turn(10_000), OBJECT, CLIENT, bound);

        assertThat(history.find("resp_2", CLIENT)).isEmpty();
        assertThat(history.find("resp_1", CLIENT)).isPresent();
        assertThat(history.find("resp_3", CLIENT)).isPresent();
        assertThat(history.find("resp_4", CLIENT)).isPresent();
        assertThat(history.bytes()).isEqualTo(3 * one);
    }

    @Test
    void keepsNoConversationLargerThanTheBoundOnItsOwnAndKeepsTheOthers() {
        history.store("resp_small", turn(100), OBJECT, CLIENT, 50_000);

        boolean kept = history.store("resp_huge", turn(60_000), OBJECT, CLIENT, 50_000);

        assertThat(kept).isFalse();
        assertThat(history.find("resp_huge", CLIENT)).isEmpty();
        assertThat(history.find("resp_small", CLIENT)).isPresent();
    }

    @Test
    void countsTheMessagesAContinuedConversationSharesOnlyOnce() {
        List<Message> conversation = new ArrayList<>(turn(10_000));
        history.store("resp_1", conversation, OBJECT, CLIENT, UNBOUNDED);
        long first = history.bytes();

        for (int i = 2; i <= 50; i++) {
            conversation.addAll(List.of(Message.user("next"), Message.assistant("ok")));
            history.store("resp_" + i, conversation, OBJECT, CLIENT, UNBOUNDED);
        }

        long perTurn = ConversationSizes.of(Message.user("next")) + ConversationSizes.of(Message.assistant("ok"));
        assertThat(history.bytes()).isEqualTo(first + 49 * (perTurn + OBJECT_BYTES));
    }

    @Test
    void givesTheBytesOfAMessageBackOnlyWhenTheLastConversationHoldingItGoes() {
        List<Message> first = turn(10_000);
        List<Message> continued = new ArrayList<>(first);
        continued.add(Message.user("more"));
        history.store("resp_1", first, OBJECT, CLIENT, UNBOUNDED);
        history.store("resp_2", continued, OBJECT, CLIENT, UNBOUNDED);
        long both = history.bytes();

        clock.advance(Duration.ofMinutes(30));
        history.store("resp_3", turn(1), OBJECT, CLIENT, UNBOUNDED);
        clock.advance(Duration.ofMinutes(31));
        history.find("resp_1", CLIENT);

        // resp_1's object went with it; its messages are still held by resp_2
        assertThat(history.bytes()).isEqualTo(both - OBJECT_BYTES + ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)) + OBJECT_BYTES);
        history.find("resp_2", CLIENT);
        assertThat(history.bytes()).isEqualTo(ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)) + OBJECT_BYTES);
    }

    @Test
    void stillKeepsAtMostTheCountOfConversations() {
        ConversationHistory small = new ConversationHistory(2, Duration.ofHours(1), clock);

        small.store("resp_1", turn(1), OBJECT, CLIENT, UNBOUNDED);
        small.store("resp_2", turn(1), OBJECT, CLIENT, UNBOUNDED);
        small.store("resp_3", turn(1), OBJECT, CLIENT, UNBOUNDED);

        assertThat(small.find("resp_1", CLIENT)).isEmpty();
        assertThat(small.find("resp_3", CLIENT)).isPresent();
    }

    @Test
    void letsExpiredConversationsGoWhenAnotherIsStored() {
        history.store("resp_old", turn(10_000), OBJECT, CLIENT, UNBOUNDED);
        clock.advance(Duration.ofMinutes(61));

        history.store("resp_new", turn(1), OBJECT, CLIENT, UNBOUNDED);

        assertThat(history.bytes()).isEqualTo(ConversationSizes.of(turn(1).get(0))
                + ConversationSizes.of(turn(1).get(1)) + OBJECT_BYTES);
    }

    @Test
    void showsAKeptResponseObjectOnlyToTheClientThatMadeIt() {
        history.store("resp_1", turn(1), OBJECT, CLIENT, UNBOUNDED);

        assertThat(history.object("resp_1", CLIENT)).contains(OBJECT);
        assertThat(history.object("resp_1", "team-b")).isEmpty();
        assertThat(history.find("resp_1", "team-b")).isEmpty();
        assertThat(history.delete("resp_1", "team-b")).isFalse();
        assertThat(history.object("resp_1", CLIENT)).isPresent();
    }

    @Test
    void forgetsADeletedResponseAndGivesItsBytesBack() {
        history.store("resp_1", turn(1), OBJECT, CLIENT, UNBOUNDED);

        boolean deleted = history.delete("resp_1", CLIENT);

        assertThat(deleted).isTrue();
        assertThat(history.object("resp_1", CLIENT)).isEmpty();
        assertThat(history.find("resp_1", CLIENT)).isEmpty();
        assertThat(history.delete("resp_1", CLIENT)).isFalse();
        assertThat(history.bytes()).isZero();
    }
}
