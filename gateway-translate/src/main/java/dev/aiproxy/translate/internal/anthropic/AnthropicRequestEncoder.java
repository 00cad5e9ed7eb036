package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a canonical request as an Anthropic Messages request, or as the body of a token count, which takes only the
 * conversation, the tools and the thinking setting (https://docs.anthropic.com/en/api/messages-count-tokens).
 */
final class AnthropicRequestEncoder {
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "input_schema", "strict");
    private static final Set<String> THINKING_FIELDS = Set.of("type", "budget_tokens");
    private static final Set<String> OUTPUT_CONFIG_FIELDS = Set.of("format");
    /**
     * The top-level fields a Messages request is written with from the canonical model, which kept extras of the
     * same name do not write again, by index: bit 0 the tools were written, bit 1 thinking, bit 2 thinking is on (so
     * {@code top_k} is left out). Built once: a set built per request showed in the allocation profile.
     */
    private static final List<Set<String>> WRITTEN = writtenSets();

    private AnthropicRequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel, AnthropicEndpoint endpoint) {
        AnthropicThinking.Plan plan = AnthropicThinking.plan(request);
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("model", upstreamModel);
            if (endpoint == AnthropicEndpoint.MESSAGES) {
                gen.writeNumberField("max_tokens", plan.maxTokens());
            }
            AnthropicMessagesEncoder.write(gen, request.messages());
            boolean tools = !request.tools().isEmpty();
            if (tools) {
                writeTools(gen, request);
                writeToolChoice(gen, request);
            }
            writeThinking(gen, request, plan);
            if (endpoint == AnthropicEndpoint.MESSAGES) {
                writeSampling(gen, request, plan);
                writeOutputConfig(gen, request);
                AnthropicExtras.write(gen, request.extensions(), "", WRITTEN.get((tools ? 1 : 0)
                        | (plan.budgetTokens() != null ? 2 : 0) | (plan.enabled() ? 4 : 0)));
            }
            gen.writeEndObject();
        });
    }

    private static List<Set<String>> writtenSets() {
        List<Set<String>> out = new ArrayList<>(8);
        for (int i = 0; i < 8; i++) {
            Set<String> written = new HashSet<>(Set.of("model", "messages", "system", "max_tokens", "temperature",
                    "top_p", "stop_sequences", "stream", "output_config"));
            if ((i & 1) != 0) {
                written.addAll(List.of("tools", "tool_choice"));
            }
            if ((i & 2) != 0) {
                written.add("thinking");
            }
            if ((i & 4) != 0) {
                written.add("top_k");
            }
            out.add(Set.copyOf(written));
        }
        return List.copyOf(out);
    }

    private static void writeTools(JsonGenerator gen, ChatRequest request) throws IOException {
        gen.writeArrayFieldStart("tools");
        List<ToolSpec> tools = request.tools();
        for (int i = 0; i < tools.size(); i++) {
            ToolSpec tool = tools.get(i);
            gen.writeStartObject();
            gen.writeStringField("name", tool.name());
            if (tool.description() != null) {
                gen.writeStringField("description", tool.description());
            }
            gen.writeFieldName("input_schema");
            gen.writeRawValue(tool.parametersJson());
            if (tool.strict() != null) {
                gen.writeBooleanField("strict", tool.strict());
            }
            AnthropicExtras.write(gen, request.extensions(), "tools[" + i + "]", TOOL_FIELDS);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** Auto, any, tool or none; {@code parallelToolCalls} rides along as {@code disable_parallel_tool_use}. */
    private static void writeToolChoice(JsonGenerator gen, ChatRequest request) throws IOException {
        ToolChoice choice = request.toolChoice();
        Boolean parallel = request.parallelToolCalls();
        if (choice == null && parallel == null) {
            return;
        }
        gen.writeObjectFieldStart("tool_choice");
        switch (choice == null ? ToolChoice.AUTO : choice) {
            case ToolChoice.Auto ignored -> gen.writeStringField("type", "auto");
            case ToolChoice.Required ignored -> gen.writeStringField("type", "any");
            case ToolChoice.None ignored -> gen.writeStringField("type", "none");
            case ToolChoice.Named named -> {
                gen.writeStringField("type", "tool");
                gen.writeStringField("name", named.name());
            }
        }
        // tool_choice "none" takes no other field
        if (parallel != null && !(choice instanceof ToolChoice.None)) {
            gen.writeBooleanField("disable_parallel_tool_use", !parallel);
        }
        gen.writeEndObject();
    }

    private static void writeThinking(JsonGenerator gen, ChatRequest request, AnthropicThinking.Plan plan)
            throws IOException {
        if (plan.budgetTokens() == null) {
            return;
        }
        gen.writeObjectFieldStart("thinking");
        if (plan.enabled()) {
            gen.writeStringField("type", "enabled");
            gen.writeNumberField("budget_tokens", plan.budgetTokens());
            AnthropicExtras.write(gen, request.extensions(), "thinking", THINKING_FIELDS);
        } else {
            gen.writeStringField("type", "disabled");
        }
        gen.writeEndObject();
    }

    /**
     * With thinking on, Anthropic accepts no {@code temperature} but 1, a {@code top_p} only from 0.95 to 1, and no
     * {@code top_k}: others are left out rather than turned into a 400.
     */
    private static void writeSampling(JsonGenerator gen, ChatRequest request, AnthropicThinking.Plan plan)
            throws IOException {
        if (request.temperature() != null && (!plan.enabled() || request.temperature() == 1.0)) {
            gen.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null && (!plan.enabled() || request.topP() >= 0.95)) {
            gen.writeNumberField("top_p", request.topP());
        }
        if (!request.stopSequences().isEmpty()) {
            gen.writeArrayFieldStart("stop_sequences");
            for (String s : request.stopSequences()) {
                gen.writeString(s);
            }
            gen.writeEndArray();
        }
        if (request.stream()) {
            gen.writeBooleanField("stream", true);
        }
    }

    /**
     * A JSON schema goes in {@code output_config.format}. Anthropic has no "any JSON object" mode, so
     * {@link ResponseFormat.JsonObject} is not sent (see docs/translation.md).
     */
    private static void writeOutputConfig(JsonGenerator gen, ChatRequest request) throws IOException {
        ResponseFormat.JsonSchema schema = request.responseFormat() instanceof ResponseFormat.JsonSchema s ? s : null;
        if (schema == null && !AnthropicExtras.any(request.extensions(), "output_config")) {
            return;
        }
        gen.writeObjectFieldStart("output_config");
        if (schema != null) {
            gen.writeObjectFieldStart("format");
            gen.writeStringField("type", "json_schema");
            gen.writeFieldName("schema");
            gen.writeRawValue(schema.schemaJson());
            gen.writeEndObject();
        }
        AnthropicExtras.write(gen, request.extensions(), "output_config", OUTPUT_CONFIG_FIELDS);
        gen.writeEndObject();
    }
}
