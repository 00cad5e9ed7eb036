package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadPathTest {
    @Test
    void splitsADottedPathIntoItsKeys() {
        PayloadPath path = PayloadPath.parse("generationConfig.thinkingConfig.thinkingBudget");

        assertThat(path.keys()).containsExactly("generationConfig", "thinkingConfig", "thinkingBudget");
        assertThat(path).hasToString("generationConfig.thinkingConfig.thinkingBudget");
    }

    @Test
    void keepsArrayIndicesAsKeysThatAreWholeNumbers() {
        PayloadPath path = PayloadPath.parse("messages.0.content");

        assertThat(path.keys()).containsExactly("messages", "0", "content");
        assertThat(PayloadPath.indexOf("0")).isZero();
        assertThat(PayloadPath.indexOf("12")).isEqualTo(12);
        assertThat(PayloadPath.indexOf("content")).isEqualTo(-1);
    }

    @Test
    void readsABackslashAsMakingTheNextCharacterLiteral() {
        PayloadPath path = PayloadPath.parse("metadata.a\\.b.\\#tag");

        assertThat(path.keys()).containsExactly("metadata", "a.b", "#tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools.#(type==\"web_search\").type", "messages.#", "tools.*.name", "model?",
            "@this", "a|b", "messages.-1", "a.:1", "[a,b]", "{a}"})
    void refusesGjsonSyntaxItDoesNotSupportWithAMessageThatSaysWhatToDoInstead(String text) {
        assertThatThrownBy(() -> PayloadPath.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported path syntax in \"" + text + "\"")
                .hasMessageContaining("use dotted keys and array indices");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a..b", ".a", "a."})
    void refusesEmptyPathsAndEmptyKeys(String text) {
        assertThatThrownBy(() -> PayloadPath.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(must not be empty|has an empty key).*");
    }

    @Test
    void refusesATrailingLoneBackslash() {
        assertThatThrownBy(() -> PayloadPath.parse("a\\"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends with a lone backslash");
    }
}
