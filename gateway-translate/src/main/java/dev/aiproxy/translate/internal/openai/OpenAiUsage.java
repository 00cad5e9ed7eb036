package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.UsageCounts;
import java.io.IOException;
import java.util.List;

/**
 * OpenAI Chat Completions' {@code usage} object, and the shapes OpenAI-compatible upstreams give it. Cached prompt
 * tokens are {@code prompt_tokens_details.cached_tokens}, or DeepSeek's {@code prompt_cache_hit_tokens}. Reasoning
 * tokens are part of {@code completion_tokens} at OpenAI; xAI reports them beside it instead (its
 * {@code total_tokens} is prompt + completion + reasoning), and bills them as output all the same, so there they are
 * added to the output count.
 */
final class OpenAiUsage {
    /** What {@link #decode} reads, for a usage object read without a tree. */
    static final UsageCounts COUNTS = new UsageCounts(List.of("prompt_tokens", "completion_tokens", "total_tokens",
            "prompt_tokens_details.cached_tokens", "prompt_cache_hit_tokens",
            "completion_tokens_details.reasoning_tokens"),
            c -> of(c[0], c[1], c[2], c[3] == 0 ? c[4] : c[3], c[5]), OpenAiUsage::decode);

    private OpenAiUsage() {
    }

    static Usage decode(JsonNode usage, String path) {
        if (usage == null) {
            return null;
        }
        Fields.requireObject(usage, path);
        JsonNode prompt = Fields.object(usage, "prompt_tokens_details", path);
        JsonNode completion = Fields.object(usage, "completion_tokens_details", path);
        long input = Fields.count(usage, "prompt_tokens", path);
        long output = Fields.count(usage, "completion_tokens", path);
        long reasoning = Fields.count(completion, "reasoning_tokens", Fields.path(path, "completion_tokens_details"));
        long cached = Fields.count(prompt, "cached_tokens", Fields.path(path, "prompt_tokens_details"));
        if (cached == 0) {
            cached = Fields.count(usage, "prompt_cache_hit_tokens", path);
        }
        long total = Fields.count(usage, "total_tokens", path);
        return of(input, output, total, cached, reasoning);
    }

    private static Usage of(long input, long output, long total, long cached, long reasoning) {
        if (reasoning > 0 && total == input + output + reasoning) {
            output += reasoning;
        }
        return new Usage(input, output, Math.min(cached, input), 0, reasoning);
    }

    static void write(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeObjectFieldStart("usage");
        gen.writeNumberField("prompt_tokens", usage.inputTokens());
        gen.writeNumberField("completion_tokens", usage.outputTokens());
        gen.writeNumberField("total_tokens", usage.totalTokens());
        gen.writeObjectFieldStart("prompt_tokens_details");
        gen.writeNumberField("cached_tokens", usage.cachedInputTokens());
        gen.writeEndObject();
        gen.writeObjectFieldStart("completion_tokens_details");
        gen.writeNumberField("reasoning_tokens", usage.reasoningTokens());
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
