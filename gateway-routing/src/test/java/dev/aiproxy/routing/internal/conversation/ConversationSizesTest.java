package dev.aiproxy.routing.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.Message;
import org.junit.jupiter.api.Test;

class ConversationSizesTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void countsTwoBytesACharacterForTextBeyondLatin1() {
        assertThat(ConversationSizes.of(Message.user("\u4e2d".repeat(1000))))
                .isEqualTo(ConversationSizes.of(Message.user("x".repeat(2000))));
    }

    @Test
    void countsALargeTextAsTheWholeHeapRegionsItTakes() {
        long justOverOneMib = ConversationSizes.of(Message.user("a".repeat(MIB + 1)));
        long halfAMib = ConversationSizes.of(Message.user("a".repeat(MIB / 2)));

        assertThat(justOverOneMib).isGreaterThan(2L * MIB).isLessThan(2L * MIB + 1024);
        assertThat(halfAMib).isGreaterThan(MIB).isLessThan(MIB + 1024);
        assertThat(ConversationSizes.of(Message.user("a".repeat(MIB / 2 - 1)))).isLessThan(MIB / 2 + 1024);
    }
}
