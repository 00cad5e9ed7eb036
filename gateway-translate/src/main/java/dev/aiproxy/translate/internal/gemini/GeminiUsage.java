package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.UsageCounts;
import java.io.IOException;
import java.util.List;

/**
 * Gemini's {@code usageMetadata} (https://ai.google.dev/api/generate-content#UsageMetadata). Gemini counts thoughts
 * apart: {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}, while canonical output includes reasoning.
 * Input is {@code promptTokenCount} plus {@code toolUsePromptTokenCount} (tool results Gemini fetched itself, billed
 * as input); {@code promptTokenCount} already includes {@code cachedContentTokenCount}.
 */
final class GeminiUsage {
    /** What {@link #decode} reads, for a usage object read without a tree. */
    static final UsageCounts COUNTS = new UsageCounts(List.of("promptTokenCount", "toolUsePromptTokenCount",
            "candidatesTokenCount", "thoughtsTokenCount", "cachedContentTokenCount"),
            c -> of(sum(c[0], c[1], "usageMetadata"), sum(c[2], c[3], "usageMetadata"), c[4], c[3]),
            GeminiUsage::decode);

    private GeminiUsage() {
    }

    static Usage decode(JsonNode usage, String path) {
        if (usage == null) {
            return Usage.ZERO;
        }
        Fields.requireObject(usage, path);
        long thoughts = Fields.count(usage, "thoughtsTokenCount", path);
        return of(sum(Fields.count(usage, "promptTokenCount", path),
                Fields.count(usage, "toolUsePromptTokenCount", path), path),
                sum(Fields.count(usage, "candidatesTokenCount", path), thoughts, path),
                Fields.count(usage, "cachedContentTokenCount", path), thoughts);
    }

    /** The canonical usage of the summed counts: input (prompt and tool-use prompt), output (with thoughts). */
    static Usage of(long input, long output, long cached, long thoughts) {
        return new Usage(input, output, cached, 0, thoughts);
    }

    private static long sum(long a, long b, String path) {
        long sum = a + b;
        if (sum < 0) {
            throw new JsonShapeException(path, "token counts too large to add up");
        }
        return sum;
    }

    /** Writes the {@code usageMetadata} field; like Gemini, zero detail counts are left out. */
    static void write(JsonGenerator gen, Usage usage) throws IOException {
        gen.writeObjectFieldStart("usageMetadata");
        gen.writeNumberField("promptTokenCount", usage.inputTokens());
        gen.writeNumberField("candidatesTokenCount", Math.max(0, usage.outputTokens() - usage.reasoningTokens()));
        gen.writeNumberField("totalTokenCount", usage.totalTokens());
        if (usage.cachedInputTokens() > 0) {
            gen.writeNumberField("cachedContentTokenCount", usage.cachedInputTokens());
        }
        if (usage.reasoningTokens() > 0) {
            gen.writeNumberField("thoughtsTokenCount", usage.reasoningTokens());
        }
        gen.writeEndObject();
    }
}
