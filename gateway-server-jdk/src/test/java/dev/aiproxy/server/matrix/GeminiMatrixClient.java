package dev.aiproxy.server.matrix;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The official Google GenAI Java SDK, {@code models.generateContent} and {@code generateContentStream}. */
final class GeminiMatrixClient implements ThinkingConversation {
    private static final GenerateContentConfig TOOLS = GenerateContentConfig.fromJson("""
            {"tools":[{"functionDeclarations":[{"name":"get_weather","description":"Current weather of a city",
              "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}}]}]}""");

    private final Client client;

    GeminiMatrixClient(String baseUrl, String key) {
        client = Client.builder().apiKey(key).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build()).build();
    }

    @Override
    public Parsed text(String model, boolean stream) {
        return parse(send(model, List.of(Content.fromParts(Part.fromText(QUESTION)).toBuilder().role("user").build()),
                GenerateContentConfig.builder().build(), stream));
    }

    @Override
    public String continueAfterThinking(String firstModel, String secondModel) {
        List<Content> conversation = new ArrayList<>();
        conversation.add(Content.builder().role("user").parts(List.of(Part.fromText(THINK))).build());
        GenerateContentResponse thought = client.models.generateContent(firstModel, conversation,
                GenerateContentConfig.builder().build());
        conversation.add(thought.candidates().orElseThrow().getFirst().content().orElseThrow());
        conversation.add(Content.builder().role("user").parts(List.of(Part.fromText(CONTINUE))).build());
        return parse(client.models.generateContent(secondModel, conversation, GenerateContentConfig.builder()
                .build())).text();
    }

    @Override
    public ToolRoundTrip toolRoundTrip(String model, boolean stream) {
        List<Content> conversation = new ArrayList<>();
        conversation.add(Content.builder().role("user").parts(List.of(Part.fromText(QUESTION))).build());
        GenerateContentResponse call = send(model, conversation, TOOLS, stream);
        FunctionCall tool = call.functionCalls().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no functionCall in " + call));
        conversation.add(call.candidates().orElseThrow().getFirst().content().orElseThrow());
        conversation.add(Content.builder().role("user").parts(List.of(Part.fromFunctionResponse(
                tool.name().orElseThrow(), Map.of("result", TOOL_OUTPUT)))).build());
        Parsed answer = parse(send(model, conversation, TOOLS, stream));
        Parsed parsedCall = parse(call);
        return new ToolRoundTrip(tool.name().orElseThrow(), tool.toJson().contains("\"args\"")
                ? com.google.genai.JsonSerializable.toJsonString(tool.args().orElseThrow()) : "{}",
                parsedCall.stopReason(), parsedCall.inputTokens(), parsedCall.outputTokens(), answer);
    }

    /** A streamed answer is folded here: its chunks' parts in order, the last finish reason and usage. */
    private GenerateContentResponse send(String model, List<Content> contents, GenerateContentConfig config,
            boolean stream) {
        if (!stream) {
            return client.models.generateContent(model, contents, config);
        }
        List<Part> parts = new ArrayList<>();
        GenerateContentResponse last = null;
        GenerateContentResponseUsageMetadata usage = null;
        String finish = null;
        try (ResponseStream<GenerateContentResponse> chunks = client.models.generateContentStream(model, contents,
                config)) {
            for (GenerateContentResponse chunk : chunks) {
                last = chunk;
                chunk.candidates().flatMap(c -> c.isEmpty() ? java.util.Optional.empty() : c.getFirst().content())
                        .flatMap(Content::parts).ifPresent(parts::addAll);
                if (chunk.usageMetadata().isPresent()) {
                    usage = chunk.usageMetadata().get();
                }
                if (chunk.finishReason() != null && chunk.finishReason().knownEnum() != null
                        && !chunk.finishReason().toString().equals("FINISH_REASON_UNSPECIFIED")) {
                    finish = chunk.finishReason().toString();
                }
            }
        }
        if (last == null) {
            throw new AssertionError("the stream had no chunk");
        }
        String json = "{\"candidates\":[{\"content\":" + Content.builder().role("model").parts(parts).build().toJson()
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + "}]"
                + (usage == null ? "" : ",\"usageMetadata\":" + usage.toJson()) + "}";
        return GenerateContentResponse.fromJson(json);
    }

    private static Parsed parse(GenerateContentResponse response) {
        String text = response.text();
        GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElse(null);
        return new Parsed(text == null ? "" : text,
                response.finishReason() == null ? null : response.finishReason().toString(),
                usage == null ? -1 : usage.promptTokenCount().orElse(0),
                usage == null ? -1 : usage.candidatesTokenCount().orElse(0) + usage.thoughtsTokenCount().orElse(0));
    }

    @Override
    public void close() {
        client.close();
    }
}
