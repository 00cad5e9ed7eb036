package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Azure OpenAI puts in an OpenAI-shaped error beyond OpenAI's fields, read so that every client format, which
 * has no place for Azure's own fields, still learns it from the message or the retry delay.
 */
final class AzureErrorDetails {
    /**
     * Azure's 429 message ends "Please retry after 6 seconds." ("Azure OpenAI quotas and limits",
     * https://learn.microsoft.com/azure/ai-foundry/openai/quotas-limits); its {@code retry-after} headers, when
     * present, come first.
     */
    private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d{1,6}) seconds?",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_CATEGORIES = 10;

    private AzureErrorDetails() {
    }

    /**
     * The categories a prompt was blocked for, as {@code " (content filter: violence (medium), jailbreak)"}, from the
     * {@code innererror.content_filter_result} of Azure's 400 {@code content_filter} error
     * (https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter, "Scenario details"); empty when
     * the error has none.
     */
    static String filtered(JsonNode error) {
        JsonNode result = error.path("innererror").path("content_filter_result");
        if (!result.isObject()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> category : result.properties()) {
            JsonNode verdict = category.getValue();
            if (names.size() < MAX_CATEGORIES && verdict.path("filtered").asBoolean(false)) {
                JsonNode severity = verdict.path("severity");
                names.add(category.getKey() + (severity.isTextual() ? " (" + severity.textValue() + ")" : ""));
            }
        }
        return names.isEmpty() ? "" : " (content filter: " + String.join(", ", names) + ")";
    }

    /** The delay a 429's message asks for, or null when it names none. */
    static Duration retryAfter(String message) {
        Matcher m = RETRY_AFTER.matcher(message);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
    }
}
