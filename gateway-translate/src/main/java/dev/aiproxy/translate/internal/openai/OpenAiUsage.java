package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import java.io.IOException;

/**
 * OpenAI Chat Completions' {@code usage} object, and the shapes OpenAI-compatible upstreams give it. Cached prompt
 * tokens are {@code prompt_tokens_details.cached_tokens}, or DeepSeek's {@code prompt_cache_hit_tokens}. Reasoning
 * tokens are part of {@code completion_tokens} at OpenAI; xAI reports them beside it instead (its
 * {@code total_tokens} is prompt + completion + reasoning), and bills them as output all the same, so there they are
 * added to the output count.
 */
final class OpenAiUsage {
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
