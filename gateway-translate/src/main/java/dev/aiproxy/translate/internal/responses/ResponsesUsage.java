package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.UsageCounts;
import java.io.IOException;
import java.util.List;

/**
 * A response's {@code usage}: {@code input_tokens} (cache reads included, detailed in
 * {@code input_tokens_details.cached_tokens}) and {@code output_tokens} (reasoning included, detailed in
 * {@code output_tokens_details.reasoning_tokens}), which is how the canonical {@link Usage} counts.
 */
final class ResponsesUsage {
    /** What {@link #decode} reads, for a usage object read without a tree. */
    static final UsageCounts COUNTS = new UsageCounts(List.of("input_tokens", "output_tokens",
            "input_tokens_details.cached_tokens", "output_tokens_details.reasoning_tokens"),
            c -> new Usage(c[0], c[1], c[2], 0, c[3]), ResponsesUsage::decode);

    private ResponsesUsage() {
    }

    /** The usage, or {@link Usage#ZERO} when the object has none. */
    static Usage decode(JsonNode usage, String path) {
        if (usage == null) {
            return Usage.ZERO;
        }
        Fields.requireObject(usage, path);
        JsonNode input = Fields.object(usage, "input_tokens_details", path);
        JsonNode output = Fields.object(usage, "output_tokens_details", path);
        return new Usage(Fields.count(usage, "input_tokens", path), Fields.count(usage, "output_tokens", path),
                Fields.count(input, "cached_tokens", Fields.path(path, "input_tokens_details")), 0,
                Fields.count(output, "reasoning_tokens", Fields.path(path, "output_tokens_details")));
    }

    static void write(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeObjectFieldStart("usage");
        gen.writeNumberField("input_tokens", usage.inputTokens());
        gen.writeObjectFieldStart("input_tokens_details");
        gen.writeNumberField("cached_tokens", usage.cachedInputTokens());
        gen.writeEndObject();
        gen.writeNumberField("output_tokens", usage.outputTokens());
        gen.writeObjectFieldStart("output_tokens_details");
        gen.writeNumberField("reasoning_tokens", usage.reasoningTokens());
        gen.writeEndObject();
        gen.writeNumberField("total_tokens", usage.totalTokens());
        gen.writeEndObject();
    }
}
