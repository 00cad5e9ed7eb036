package dev.aiproxy.routing.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobsTest {
    @ParameterizedTest
    @CsvSource({
        "gpt-4o, gpt-4o, true",
        "gpt-4o, gpt-4o-mini, false",
        "gpt-4*, gpt-4o-mini, true",
        "gpt-4*, o3, false",
        "*-mini, gpt-4o-mini, true",
        "*-mini, gpt-4o-mini-tts, false",
        "*preview*, gemini-2.5-flash-preview-05-20, true",
        "*preview*, gemini-2.5-flash, false",
        "*, anything, true",
        "a*b*c, aXXbYYc, true",
        "a*b*c, aXXbYY, false",
        "*a*b, ab, true",
        "a**, a, true",
        ", '', true",
        ", x, false",
    })
    void matchesExactPrefixSuffixAndInfixGlobs(String glob, String model, boolean expected) {
        assertThat(Globs.matches(glob == null ? "" : glob, model)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(5)
    void takesLinearTimeOnAGlobWithManyStarsThatFails() {
        String text = "a".repeat(20_000);

        boolean matched = Globs.matches("*a*a*a*a*a*a*a*b", text);

        assertThat(matched).isFalse();
    }
}
