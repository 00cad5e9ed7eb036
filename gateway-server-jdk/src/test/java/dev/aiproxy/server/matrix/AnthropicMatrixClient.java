package dev.aiproxy.server.matrix;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The official Anthropic Java SDK, Messages. */
final class AnthropicMatrixClient implements ThinkingConversation {
    private final AnthropicClient client;

    AnthropicMatrixClient(String baseUrl, String key) {
        client = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams.Builder question(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(1024).addUserMessage(QUESTION);
    }

    static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Override
    public Parsed text(String model, boolean stream) {
        return parse(send(question(model).build(), stream));
    }

    @Override
    public String continueAfterThinking(String firstModel, String secondModel) {
        Message thought = client.messages().create(MessageCreateParams.builder().model(firstModel).maxTokens(1024)
                .addUserMessage(THINK).build());
        Message answer = client.messages().create(MessageCreateParams.builder().model(secondModel).maxTokens(1024)
                .addUserMessage(THINK).addMessage(thought).addUserMessage(CONTINUE).build());
        return parse(answer).text();
    }

    @Override
    public ToolRoundTrip toolRoundTrip(String model, boolean stream) {
        MessageCreateParams first = question(model).addTool(weatherTool()).build();
        Message call = send(first, stream);
        ToolUseBlock tool = call.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
                .findFirst().orElseThrow(() -> new AssertionError("no tool_use block in " + call));
        MessageCreateParams second = first.toBuilder()
                .addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(tool.id()).content(TOOL_OUTPUT).build())))
                .build();
        Parsed answer = parse(send(second, stream));
        Parsed parsedCall = parse(call);
        return new ToolRoundTrip(tool.name(), json(tool._input()), parsedCall.stopReason(),
                parsedCall.inputTokens(), parsedCall.outputTokens(), answer);
    }

    private Message send(MessageCreateParams params, boolean stream) {
        if (!stream) {
            return client.messages().create(params);
        }
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static Parsed parse(Message message) {
        String text = message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text())
                .collect(Collectors.joining());
        return new Parsed(text, message.stopReason().map(r -> r.asString()).orElse(null),
                message.usage().inputTokens(), message.usage().outputTokens());
    }

    private static String json(JsonValue value) {
        try {
            return com.anthropic.core.ObjectMappers.jsonMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
