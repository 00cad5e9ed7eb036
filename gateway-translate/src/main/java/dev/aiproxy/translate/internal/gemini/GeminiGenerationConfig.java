package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.ResponseFormat;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes Gemini's {@code generationConfig} (https://ai.google.dev/api/generate-content#generationconfig). */
final class GeminiGenerationConfig {
    private GeminiGenerationConfig() {
    }

    /** Writes the field when there is anything to put in it. */
    static void write(JsonGenerator gen, ChatRequest request, String upstreamModel, Map<String, String> ext)
            throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        ext.forEach((key, value) -> {
            if (key.startsWith(GeminiRequestDecoder.GENERATION_PREFIX)) {
                extra.put(key.substring(GeminiRequestDecoder.GENERATION_PREFIX.length()), value);
            }
        });
        boolean empty = request.temperature() == null && request.topP() == null && request.maxOutputTokens() == null
                && request.stopSequences().isEmpty() && request.responseFormat() == null
                && request.reasoning() == null && extra.isEmpty();
        if (empty) {
            return;
        }
        gen.writeObjectFieldStart("generationConfig");
        if (request.temperature() != null) {
            gen.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            gen.writeNumberField("topP", request.topP());
        }
        if (request.maxOutputTokens() != null) {
            gen.writeNumberField("maxOutputTokens", request.maxOutputTokens());
        }
        if (!request.stopSequences().isEmpty()) {
            gen.writeArrayFieldStart("stopSequences");
            for (String s : request.stopSequences()) {
                gen.writeString(s);
            }
            gen.writeEndArray();
        }
        if (request.responseFormat() != null) {
            writeResponseFormat(gen, request.responseFormat());
        }
        if (request.reasoning() != null) {
            writeThinking(gen, request.reasoning(), upstreamModel);
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            gen.writeFieldName(e.getKey());
            gen.writeRawValue(e.getValue());
        }
        gen.writeEndObject();
    }

    /** A schema goes in {@code responseJsonSchema}, which takes JSON Schema as is (unlike {@code responseSchema}). */
    private static void writeResponseFormat(JsonGenerator gen, ResponseFormat format) throws IOException {
        switch (format) {
            case ResponseFormat.PlainText ignored -> gen.writeStringField("responseMimeType", "text/plain");
            case ResponseFormat.JsonObject ignored -> gen.writeStringField("responseMimeType", "application/json");
            case ResponseFormat.JsonSchema schema -> {
                gen.writeStringField("responseMimeType", "application/json");
                gen.writeFieldName("responseJsonSchema");
                gen.writeRawValue(schema.schemaJson());
            }
        }
    }

    /**
     * A budget is {@code thinkingBudget}. An effort is {@code thinkingLevel} for Gemini 3 and later, and a budget
     * for Gemini 1.x and 2.x, which know no levels (https://ai.google.dev/gemini-api/docs/thinking): see
     * {@link #budgetOf} and {@link #levelOf}. Gemini answers 400 to a request with both, so only one is written.
     * Thoughts are asked for ({@code includeThoughts}) unless the request said otherwise or turned thinking off, so
     * a client that shows reasoning gets it.
     */
    private static void writeThinking(JsonGenerator gen, Reasoning reasoning, String upstreamModel)
            throws IOException {
        Integer budget = reasoning.budgetTokens();
        String level = null;
        if (budget == null && reasoning.effort() != null) {
            if (knowsLevels(upstreamModel)) {
                level = levelOf(reasoning.effort());
            } else {
                budget = budgetOf(reasoning.effort());
            }
        }
        gen.writeObjectFieldStart("thinkingConfig");
        if (budget != null) {
            gen.writeNumberField("thinkingBudget", budget);
        }
        if (level != null) {
            gen.writeStringField("thinkingLevel", level);
        }
        if (reasoning.includeThoughts() != null) {
            gen.writeBooleanField("includeThoughts", reasoning.includeThoughts());
        } else if (budget == null || budget != 0) {
            gen.writeBooleanField("includeThoughts", true);
        }
        gen.writeEndObject();
    }

    /** Gemini 1.x and 2.x take only budgets; every later model takes levels. */
    static boolean knowsLevels(String model) {
        String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return !(m.startsWith("gemini-1") || m.startsWith("gemini-2"));
    }

    /**
     * An effort as a Gemini 3 {@code thinkingLevel} (MINIMAL, LOW, MEDIUM, HIGH): none is MINIMAL, as Gemini 3
     * cannot stop thinking altogether; an effort it has no level for is left to the model (null).
     */
    static String levelOf(String effort) {
        return switch (effort.toLowerCase(Locale.ROOT)) {
            case "none", "minimal" -> "MINIMAL";
            case "low" -> "LOW";
            case "medium" -> "MEDIUM";
            case "high", "xhigh" -> "HIGH";
            default -> null;
        };
    }

    /**
     * An effort as a Gemini 2.x budget: none and minimal 0 (thinking off; Gemini 2.5 Pro cannot turn it off and
     * answers 400), low 1024, medium 8192, high 24576 (the largest budget 2.5 Flash takes); anything else -1, dynamic.
     */
    static int budgetOf(String effort) {
        return switch (effort.toLowerCase(Locale.ROOT)) {
            case "none", "minimal" -> 0;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh" -> 24576;
            default -> -1;
        };
    }
}
