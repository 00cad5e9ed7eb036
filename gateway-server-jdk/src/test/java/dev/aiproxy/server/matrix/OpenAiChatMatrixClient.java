package dev.aiproxy.server.matrix;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;

/** The official OpenAI Java SDK, Chat Completions. */
final class OpenAiChatMatrixClient implements MatrixClient {
    private final OpenAIClient client;

    OpenAiChatMatrixClient(String baseUrl, String key) {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder question(String model, boolean stream) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(model).addUserMessage(QUESTION);
        if (stream) {
            b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return b;
    }

    static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather of a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
    }

    @Override
    public Parsed text(String model, boolean stream) {
        return send(question(model, stream).build(), stream).parsed();
    }

    @Override
    public ToolRoundTrip toolRoundTrip(String model, boolean stream) {
        ChatCompletionCreateParams first = question(model, stream).addTool(weatherTool()).build();
        Answer call = send(first, stream);
        ChatCompletionMessageFunctionToolCall tool = call.toolCall();
        ChatCompletionCreateParams second = first.toBuilder()
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .toolCalls(List.of(ChatCompletionMessageToolCall.ofFunction(tool))).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(tool.id()).content(TOOL_OUTPUT).build())
                .build();
        Parsed answer = send(second, stream).parsed();
        return new ToolRoundTrip(tool.function().name(), tool.function().arguments(), call.parsed().stopReason(),
                call.parsed().inputTokens(), call.parsed().outputTokens(), answer);
    }

    /** One answer as parsed, with its tool call when there was one. */
    private record Answer(Parsed parsed, ChatCompletionMessageFunctionToolCall toolCall) {
    }

    private Answer send(ChatCompletionCreateParams params, boolean stream) {
        if (!stream) {
            ChatCompletion c = client.chat().completions().create(params);
            ChatCompletion.Choice choice = c.choices().getFirst();
            ChatCompletionMessageFunctionToolCall tool = choice.message().toolCalls().orElse(List.of()).stream()
                    .findFirst().map(ChatCompletionMessageToolCall::asFunction).orElse(null);
            return new Answer(new Parsed(choice.message().content().orElse(""), choice.finishReason().asString(),
                    c.usage().orElseThrow().promptTokens(), c.usage().orElseThrow().completionTokens()), tool);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String[] idName = new String[2];
        String finish = null;
        long in = -1;
        long out = -1;
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) chunks.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(text::append);
                    for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                        call.id().ifPresent(id -> idName[0] = id);
                        call.function().ifPresent(fn -> {
                            fn.name().ifPresent(name -> idName[1] = name);
                            fn.arguments().ifPresent(arguments::append);
                        });
                    }
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get().asString();
                    }
                }
                if (chunk.usage().isPresent()) {
                    in = chunk.usage().get().promptTokens();
                    out = chunk.usage().get().completionTokens();
                }
            }
        }
        ChatCompletionMessageFunctionToolCall tool = idName[0] == null ? null
                : ChatCompletionMessageFunctionToolCall.builder().id(idName[0])
                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                .name(idName[1]).arguments(arguments.toString()).build()).build();
        return new Answer(new Parsed(text.toString(), finish, in, out), tool);
    }

    @Override
    public void close() {
        client.close();
    }
}
