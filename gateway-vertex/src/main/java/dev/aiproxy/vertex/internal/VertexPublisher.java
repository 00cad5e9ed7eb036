package dev.aiproxy.vertex.internal;

import dev.aiproxy.api.ApiFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Who publishes the models of a Vertex AI entry, which decides the wire format and the methods called. Google's
 * Gemini models take the Gemini API's body at {@code :generateContent} and {@code :streamGenerateContent?alt=sse}
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference); Anthropic's Claude models take
 * the Messages body at {@code :rawPredict} and {@code :streamRawPredict}
 * (https://docs.anthropic.com/en/api/claude-on-vertex-ai), with the changes {@link AnthropicOnVertexBody} makes.
 */
enum VertexPublisher {
    GOOGLE("google", ApiFormat.GEMINI, ":generateContent", ":streamGenerateContent?alt=sse", body -> body),
    ANTHROPIC("anthropic", ApiFormat.ANTHROPIC_MESSAGES, ":rawPredict", ":streamRawPredict",
            AnthropicOnVertexBody::of);

    private final String id;
    private final ApiFormat format;
    private final String method;
    private final String streamMethod;
    private final UnaryOperator<byte[]> body;

    VertexPublisher(String id, ApiFormat format, String method, String streamMethod, UnaryOperator<byte[]> body) {
        this.id = id;
        this.format = format;
        this.method = method;
        this.streamMethod = streamMethod;
        this.body = body;
    }

    /** The publisher's name in Vertex's model paths ({@code publishers/{id}/models/...}) and in the config. */
    String id() {
        return id;
    }

    /** The wire format of the bodies sent to and received from this publisher's models. */
    ApiFormat format() {
        return format;
    }

    /**
     * The body this publisher's models take, from one in its format.
     *
     * @throws dev.aiproxy.api.error.InvalidRequestException when the body cannot be read
     */
    byte[] body(byte[] formatBody) {
        return body.apply(formatBody);
    }

    /** The method after the model in the URL, with its query: {@code :generateContent}, {@code :streamRawPredict}. */
    String method(boolean stream) {
        return stream ? streamMethod : method;
    }

    /**
     * The publisher of the config's {@code publisher} option; when it is absent, Anthropic's when every model is a
     * Claude model, else Google's.
     *
     * @throws IllegalArgumentException when the option names no publisher, or is absent while Claude and other
     *     models are mixed in one entry
     */
    static VertexPublisher of(String option, List<String> models) {
        if (option != null) {
            for (VertexPublisher p : values()) {
                if (p.id.equals(option.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("options.publisher: \"" + option + "\" is not one of "
                    + Arrays.stream(values()).map(VertexPublisher::id).collect(Collectors.joining(", ")));
        }
        long claude = models.stream().filter(m -> m.startsWith("claude")).count();
        if (claude == 0) {
            return GOOGLE;
        }
        if (claude == models.size()) {
            return ANTHROPIC;
        }
        throw new IllegalArgumentException("models: Claude and Gemini models speak different formats on Vertex; "
                + "give each publisher an entry of its own (or set options.publisher), was " + models);
    }
}
