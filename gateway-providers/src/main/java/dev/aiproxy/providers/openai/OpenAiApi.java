package dev.aiproxy.providers.openai;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Operation;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which of OpenAI's two generation APIs an entry calls: Chat Completions
 * (https://platform.openai.com/docs/api-reference/chat/create), which every OpenAI-compatible server speaks, or
 * Responses (https://platform.openai.com/docs/api-reference/responses/create), the only one that serves some models
 * ({@code o3-pro}, {@code codex-mini-latest}, {@code gpt-5-codex}, ...). An entry chooses with its {@code api} option.
 */
enum OpenAiApi {
    CHAT_COMPLETIONS("chat-completions", ApiFormat.OPENAI_CHAT, "/chat/completions", null),
    /** Counts input tokens too: https://platform.openai.com/docs/api-reference/responses/input-tokens. */
    RESPONSES("responses", ApiFormat.OPENAI_RESPONSES, "/responses", "/responses/input_tokens");

    private final String optionValue;
    private final ApiFormat format;
    private final String path;
    private final String countPath;

    OpenAiApi(String optionValue, ApiFormat format, String path, String countPath) {
        this.optionValue = optionValue;
        this.format = format;
        this.path = path;
        this.countPath = countPath;
    }

    /** The value of the {@code api} option that selects this API. */
    String optionValue() {
        return optionValue;
    }

    /** The wire format of its bodies. */
    ApiFormat format() {
        return format;
    }

    /** The path of an operation under the entry's base URL; null for one this API does not serve. */
    String path(Operation operation) {
        return switch (operation) {
            case GENERATE -> path;
            case COUNT_TOKENS -> countPath;
            case LIST_MODELS -> "/models";
        };
    }

    /**
     * The API an option value names.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    static OpenAiApi of(String optionValue) {
        for (OpenAiApi api : values()) {
            if (api.optionValue.equals(optionValue)) {
                return api;
            }
        }
        throw new IllegalArgumentException("api: \"" + optionValue + "\" is not one of "
                + Arrays.stream(values()).map(OpenAiApi::optionValue).collect(Collectors.joining(", ")));
    }
}
