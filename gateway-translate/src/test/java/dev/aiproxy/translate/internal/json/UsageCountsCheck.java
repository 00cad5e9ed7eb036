package dev.aiproxy.translate.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.Usage;
import java.nio.charset.StandardCharsets;

/**
 * Checks a format's {@link UsageCounts} against its tree decoder through {@link UsageLocator}: the usage read without
 * a tree is the one read from a tree, and a usage object the counts cannot say exactly is left to the tree.
 */
public final class UsageCountsCheck {
    private UsageCountsCheck() {
    }

    /** The counts read {@code json}'s usage without a tree, to what the tree decoder makes of it. */
    public static void readsWithoutTree(UsageCounts counts, String json, String... paths) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Usage streamed = UsageLocator.findStreamed(bytes, counts, paths);

        assertThat(UsageLocator.gaveUp(streamed)).as("gave up on %s", json).isFalse();
        assertThat(streamed).isEqualTo(UsageLocator.findInTree(bytes, counts.tree(), paths));
        assertThat(UsageLocator.find(bytes, counts, paths)).isEqualTo(streamed);
    }

    /** The counts leave {@code json}'s usage to the tree decoder, and the answer is what that one makes of it. */
    public static void leavesToTree(UsageCounts counts, String json, String... paths) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(UsageLocator.gaveUp(UsageLocator.findStreamed(bytes, counts, paths))).as("read %s", json).isTrue();
        assertThat(UsageLocator.find(bytes, counts, paths))
                .isEqualTo(UsageLocator.findInTree(bytes, counts.tree(), paths));
    }
}
