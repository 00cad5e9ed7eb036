package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a canonical request as an Anthropic Messages request, or as the body of a token count, which takes only the
 * conversation, the tools and the thinking setting (https://docs.anthropic.com/en/api/messages-count-tokens).
 */
final class AnthropicRequestEncoder {
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "input_schema", "strict");

    private AnthropicRequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel, AnthropicEndpoint endpoint) {
        AnthropicThinking.Plan plan = AnthropicThinking.plan(request);
        return Json.write(gen -> {
            Set<String> written = new HashSet<>(Set.of("model", "messages", "system"));
            gen.writeStartObject();
            gen.writeStringField("model", upstreamModel);
            if (endpoint == AnthropicEndpoint.MESSAGES) {
                gen.writeNumberField("max_tokens", plan.maxTokens());
                written.add("max_tokens");
            }
            AnthropicMessagesEncoder.write(gen, request.messages());
            if (!request.tools().isEmpty()) {
                writeTools(gen, request);
                writeToolChoice(gen, request);
                written.addAll(List.of("tools", "tool_choice"));
            }
            writeThinking(gen, request, plan, written);
            if (endpoint == AnthropicEndpoint.MESSAGES) {
                writeSampling(gen, request, plan, written);
                writeOutputConfig(gen, request, written);
                AnthropicExtras.write(gen, request.extensions(), "", written);
            }
            gen.writeEndObject();
        });
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

    private static void writeThinking(JsonGenerator gen, ChatRequest request, AnthropicThinking.Plan plan,
            Set<String> written) throws IOException {
        if (plan.budgetTokens() == null) {
            return;
        }
        written.add("thinking");
        gen.writeObjectFieldStart("thinking");
        if (plan.enabled()) {
            gen.writeStringField("type", "enabled");
            gen.writeNumberField("budget_tokens", plan.budgetTokens());
            AnthropicExtras.write(gen, request.extensions(), "thinking", Set.of("type", "budget_tokens"));
        } else {
            gen.writeStringField("type", "disabled");
        }
        gen.writeEndObject();
    }

    /**
     * With thinking on, Anthropic accepts no {@code temperature} but 1, a {@code top_p} only from 0.95 to 1, and no
     * {@code top_k}: others are left out rather than turned into a 400.
     */
    private static void writeSampling(JsonGenerator gen, ChatRequest request, AnthropicThinking.Plan plan,
            Set<String> written) throws IOException {
        written.addAll(List.of("temperature", "top_p", "stop_sequences", "stream"));
        if (request.temperature() != null && (!plan.enabled() || request.temperature() == 1.0)) {
            gen.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null && (!plan.enabled() || request.topP() >= 0.95)) {
            gen.writeNumberField("top_p", request.topP());
        }
        if (plan.enabled()) {
            written.add("top_k");
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
    private static void writeOutputConfig(JsonGenerator gen, ChatRequest request, Set<String> written)
            throws IOException {
        written.add("output_config");
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
        AnthropicExtras.write(gen, request.extensions(), "output_config", Set.of("format"));
        gen.writeEndObject();
    }
}
