package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A chat request in canonical form. Optional settings are null when the client did not set them, so a codec only
 * writes what was asked for.
 *
 * @param model the model name as the client wrote it (before aliases are resolved)
 * @param messages the conversation, system messages included, in order
 * @param stream whether the client asked for a streamed answer
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ResponseFormat responseFormat,
        Reasoning reasoning,
        Double temperature,
        Double topP,
        Integer maxOutputTokens,
        List<String> stopSequences,
        boolean stream,
        Extensions extensions) {

    public ChatRequest {
        requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        extensions = extensions == null ? Extensions.EMPTY : extensions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.messages = new ArrayList<>(messages);
        b.tools = new ArrayList<>(tools);
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        b.responseFormat = responseFormat;
        b.reasoning = reasoning;
        b.temperature = temperature;
        b.topP = topP;
        b.maxOutputTokens = maxOutputTokens;
        b.stopSequences = new ArrayList<>(stopSequences);
        b.stream = stream;
        b.extensions = extensions;
        return b;
    }

    /** A copy that asks for another model. */
    public ChatRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    /** Builds a {@link ChatRequest}; not thread-safe. */
    public static final class Builder {
        private String model;
        private List<Message> messages = new ArrayList<>();
        private List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private Reasoning reasoning;
        private Double temperature;
        private Double topP;
        private Integer maxOutputTokens;
        private List<String> stopSequences = new ArrayList<>();
        private boolean stream;
        private Extensions extensions = Extensions.EMPTY;

        private Builder() {
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder messages(List<Message> messages) {
            this.messages = new ArrayList<>(messages);
            return this;
        }

        public Builder addMessage(Message message) {
            this.messages.add(message);
            return this;
        }

        public Builder system(String text) {
            return addMessage(Message.system(text));
        }

        public Builder user(String text) {
            return addMessage(Message.user(text));
        }

        public Builder tools(List<ToolSpec> tools) {
            this.tools = new ArrayList<>(tools);
            return this;
        }

        public Builder addTool(ToolSpec tool) {
            this.tools.add(tool);
            return this;
        }

        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder parallelToolCalls(Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        public Builder responseFormat(ResponseFormat responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public Builder reasoning(Reasoning reasoning) {
            this.reasoning = reasoning;
            return this;
        }

        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(Double topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxOutputTokens(Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder stopSequences(List<String> stopSequences) {
            this.stopSequences = new ArrayList<>(stopSequences);
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder extensions(Extensions extensions) {
            this.extensions = extensions;
            return this;
        }

        /** @throws NullPointerException when no model was set */
        public ChatRequest build() {
            return new ChatRequest(model, messages, tools, toolChoice, parallelToolCalls, responseFormat, reasoning,
                    temperature, topP, maxOutputTokens, stopSequences, stream, extensions);
        }
    }
}
