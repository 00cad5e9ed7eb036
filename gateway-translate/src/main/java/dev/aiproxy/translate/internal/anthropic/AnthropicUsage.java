package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.UsageCounts;
import java.io.IOException;
import java.util.List;

/**
 * Anthropic's {@code usage} object. Its {@code input_tokens} excludes the tokens read from and written to the prompt
 * cache, which it counts apart ({@code cache_read_input_tokens}, {@code cache_creation_input_tokens}); the canonical
 * input count includes them. Anthropic does not report reasoning tokens apart from output tokens.
 */
final class AnthropicUsage {
    /** What {@link #decode} reads, in the order {@link #of} takes it, for a usage object read without a tree. */
    static final UsageCounts COUNTS = new UsageCounts(List.of("input_tokens", "output_tokens",
            "cache_read_input_tokens", "cache_creation_input_tokens"), c -> of(c[0], c[1], c[2], c[3]),
            AnthropicUsage::decode);

    private AnthropicUsage() {
    }

    static Usage decode(JsonNode usage, String path) {
        if (usage == null) {
            return Usage.ZERO;
        }
        Fields.requireObject(usage, path);
        long cacheRead = Fields.count(usage, "cache_read_input_tokens", path);
        long cacheWrite = Fields.count(usage, "cache_creation_input_tokens", path);
        return of(Fields.count(usage, "input_tokens", path), Fields.count(usage, "output_tokens", path), cacheRead,
                cacheWrite);
    }

    /** The canonical usage of the four counts as Anthropic reports them. */
    static Usage of(long input, long output, long cacheRead, long cacheWrite) {
        return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0);
    }

    /** Writes the fields of a usage object: the four counts, input without the cached tokens. */
    static void writeFields(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeNumberField("input_tokens", usage.uncachedInputTokens());
        gen.writeNumberField("cache_creation_input_tokens", usage.cacheWriteInputTokens());
        gen.writeNumberField("cache_read_input_tokens", usage.cachedInputTokens());
        gen.writeNumberField("output_tokens", usage.outputTokens());
    }
}
