package dev.aiproxy.server.matrix;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The official OpenAI Java SDK, Responses API. The tool round trip continues with only {@code previous_response_id}
 * and the {@code function_call_output}, as stateful Responses clients do (CLIENTS.md).
 */
final class OpenAiResponsesMatrixClient implements ThinkingConversation {
    private final OpenAIClient client;

    OpenAiResponsesMatrixClient(String baseUrl, String key) {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(key).maxRetries(0).build();
    }

    static FunctionTool weatherTool() {
        return FunctionTool.builder().name("get_weather").description("Current weather of a city").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Override
    public Parsed text(String model, boolean stream) {
        return parse(send(ResponseCreateParams.builder().model(model).input(QUESTION).build(), stream));
    }

    /**
     * Continues statelessly, as a client that keeps its own history does: the first answer's output items (its
     * reasoning item with its {@code encrypted_content} among them) go back as input.
     */
    @Override
    public String continueAfterThinking(String firstModel, String secondModel) {
        Response thought = client.responses().create(ResponseCreateParams.builder().model(firstModel).input(THINK)
                .build());
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(user(THINK));
        for (ResponseOutputItem item : thought.output()) {
            if (item.isReasoning()) {
                input.add(ResponseInputItem.ofReasoning(item.asReasoning()));
            } else if (item.isMessage()) {
                input.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
            }
        }
        input.add(user(CONTINUE));
        return parse(client.responses().create(ResponseCreateParams.builder().model(secondModel)
                .inputOfResponse(input).build())).text();
    }

    private static ResponseInputItem user(String text) {
        return ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content(text).build());
    }

    @Override
    public ToolRoundTrip toolRoundTrip(String model, boolean stream) {
        Response call = send(ResponseCreateParams.builder().model(model).input(QUESTION).addTool(weatherTool())
                .build(), stream);
        ResponseFunctionToolCall tool = call.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .map(ResponseOutputItem::asFunctionCall).findFirst()
                .orElseThrow(() -> new AssertionError("no function_call item in " + call));
        ResponseCreateParams second = ResponseCreateParams.builder().model(model).previousResponseId(call.id())
                .addTool(weatherTool())
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput
                        .builder().callId(tool.callId()).output(TOOL_OUTPUT).build())))
                .build();
        Parsed answer = parse(send(second, stream));
        Parsed parsedCall = parse(call);
        return new ToolRoundTrip(tool.name(), tool.arguments(), parsedCall.stopReason(), parsedCall.inputTokens(),
                parsedCall.outputTokens(), answer);
    }

    private Response send(ResponseCreateParams params, boolean stream) {
        if (!stream) {
            return client.responses().create(params);
        }
        Response completed = null;
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) events.stream()::iterator) {
                if (event.isCompleted()) {
                    completed = event.asCompleted().response();
                }
            }
        }
        if (completed == null) {
            throw new AssertionError("the stream ended without response.completed");
        }
        return completed;
    }

    private static Parsed parse(Response response) {
        String text = response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(item -> item.asMessage().content().stream())
                .filter(c -> c.isOutputText()).map(c -> c.asOutputText().text()).collect(Collectors.joining());
        return new Parsed(text, response.status().map(s -> s.asString()).orElse(null),
                response.usage().map(u -> u.inputTokens()).orElse(-1L),
                response.usage().map(u -> u.outputTokens()).orElse(-1L));
    }

    @Override
    public void close() {
        client.close();
    }
}
