package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import java.io.IOException;

/** OpenAI Chat Completions' {@code usage} object. */
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
        return new Usage(Fields.count(usage, "prompt_tokens", path), Fields.count(usage, "completion_tokens", path),
                Fields.count(prompt, "cached_tokens", Fields.path(path, "prompt_tokens_details")), 0,
                Fields.count(completion, "reasoning_tokens", Fields.path(path, "completion_tokens_details")));
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
