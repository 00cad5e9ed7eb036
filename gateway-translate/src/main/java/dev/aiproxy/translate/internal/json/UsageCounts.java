package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A format's usage decoder in the two forms {@link UsageLocator} uses: the counts it reads ({@link StreamedCounts}
 * names) and what it makes of them, for a usage object read without a tree, and the tree decoder (object, path), for
 * one the counts cannot say exactly. Both must give the same usage, or throw, for the same object.
 */
public record UsageCounts(List<String> names, Function<long[], Usage> usage, BiFunction<JsonNode, String, Usage> tree) {
    public UsageCounts {
        names = List.copyOf(names);
    }
}
