package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Each official SDK streaming one answer from the gateway, reporting every piece of text as it arrives. The raw
 * form of the same request, for what the SDKs hide (the exact bytes, how the stream ended).
 */
enum StreamClients {
    OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC, GEMINI;

    /**
     * Streams {@code model}'s answer to "Hello", calling {@code onText} with each text delta as the SDK yields it.
     * Throws what the SDK throws.
     */
    void stream(String baseUrl, String key, String model, Consumer<String> onText) {
        switch (this) {
            case OPENAI_CHAT -> {
                OpenAIClient client = openAi(baseUrl, key);
                try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = client.chat().completions()
                        .createStreaming(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello")
                                .build())) {
                    drain(chunks.stream().iterator(), chunk -> chunk.choices()
                            .forEach(c -> c.delta().content().ifPresent(onText)));
                } finally {
                    client.close();
                }
            }
            case OPENAI_RESPONSES -> {
                OpenAIClient client = openAi(baseUrl, key);
                try (com.openai.core.http.StreamResponse<ResponseStreamEvent> events = client.responses()
                        .createStreaming(ResponseCreateParams.builder().model(model).input("Hello").build())) {
                    drain(events.stream().iterator(), event -> {
                        if (event.isOutputTextDelta()) {
                            onText.accept(event.asOutputTextDelta().delta());
                        }
                    });
                } finally {
                    client.close();
                }
            }
            case ANTHROPIC -> {
                AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0)
                        .build();
                try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(
                        MessageCreateParams.builder().model(model).maxTokens(100).addUserMessage("Hello").build())) {
                    drain(events.stream().iterator(), event -> {
                        if (event.isContentBlockDelta() && event.asContentBlockDelta().delta().isText()) {
                            onText.accept(event.asContentBlockDelta().delta().asText().text());
                        }
                    });
                } finally {
                    client.close();
                }
            }
            case GEMINI -> {
                try (Client client = gemini(baseUrl, key);
                        ResponseStream<GenerateContentResponse> chunks = client.models.generateContentStream(model,
                                "Hello", null)) {
                    drain(chunks.iterator(), chunk -> {
                        String text = chunk.text();
                        if (text != null && !text.isEmpty()) {
                            onText.accept(text);
                        }
                    });
                }
            }
        }
    }

    private static <T> void drain(Iterator<T> items, Consumer<T> each) {
        while (items.hasNext()) {
            each.accept(items.next());
        }
    }

    static OpenAIClient openAi(String baseUrl, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(key).maxRetries(0).build();
    }

    static Client gemini(String baseUrl, String key) {
        return Client.builder().apiKey(key).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(baseUrl).retryOptions(noRetries()).build())
                .build();
    }

    /**
     * The GenAI SDK retries 408, 429 and 5xx four times by default, and sleeps its backoff (a second, by default)
     * even after its last attempt; one attempt with no delay keeps error tests fast.
     */
    static HttpRetryOptions noRetries() {
        return HttpRetryOptions.builder().attempts(1).initialDelay(0.0).maxDelay(0.0).jitter(0.0).build();
    }

    /** What the SDK raises for an error event in its stream. */
    Class<? extends Throwable> streamErrorClass() {
        return switch (this) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> com.openai.errors.SseException.class;
            case ANTHROPIC -> com.anthropic.errors.SseException.class;
            // the GenAI SDK raises an error chunk like an error response, by the code in its body
            case GEMINI -> com.google.genai.errors.ServerException.class;
        };
    }

    /**
     * Checks that a whole SSE body in this client's format ends with an error event of the format's exact shape, and
     * returns the error object (for Responses, the event itself).
     */
    JsonNode lastErrorEvent(String body) {
        SseEvents.Event last = SseEvents.parse(body).getLast();
        return switch (this) {
            case OPENAI_CHAT -> {
                assertThat(last.name()).as(body).isNull();
                JsonNode data = ErrorBodies.parse(last.data(), body);
                assertThat(names(data)).as(body).containsExactly("error");
                assertThat(names(data.get("error"))).as(body).containsExactly("message", "type", "param", "code");
                yield data.get("error");
            }
            case OPENAI_RESPONSES -> {
                assertThat(last.name()).as(body).isEqualTo("error");
                JsonNode data = ErrorBodies.parse(last.data(), body);
                assertThat(data.get("type").asText()).as(body).isEqualTo("error");
                assertThat(data.get("message").isTextual()).as(body).isTrue();
                yield data;
            }
            case ANTHROPIC -> {
                assertThat(last.name()).as(body).isEqualTo("error");
                yield ErrorBodies.anthropic(last.data(), body);
            }
            case GEMINI -> {
                assertThat(last.name()).as(body).isNull();
                yield ErrorBodies.gemini(last.data(), body);
            }
        };
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The path of a request in this client's format. */
    String path(String model, boolean stream) {
        return switch (this) {
            case OPENAI_CHAT -> "/v1/chat/completions";
            case OPENAI_RESPONSES -> "/v1/responses";
            case ANTHROPIC -> "/v1/messages";
            case GEMINI -> "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        };
    }

    /** The body of a request for "Hello" in this client's format. */
    String body(String model, boolean stream) {
        String streamField = stream ? "\"stream\":true," : "";
        return switch (this) {
            case OPENAI_CHAT -> "{\"model\":\"" + model + "\"," + streamField
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            case OPENAI_RESPONSES -> "{\"model\":\"" + model + "\"," + streamField + "\"input\":\"Hello\"}";
            case ANTHROPIC -> "{\"model\":\"" + model + "\",\"max_tokens\":100," + streamField
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}";
        };
    }

    /** Checks that a whole non-streamed error body has this client format's exact shape; returns the error object. */
    JsonNode errorBody(RawHttp.Response response) {
        return switch (this) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> ErrorBodies.openAi(response);
            case ANTHROPIC -> ErrorBodies.anthropic(response);
            case GEMINI -> ErrorBodies.gemini(response);
        };
    }
}
