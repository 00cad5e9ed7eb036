package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A tool the model may call: its name, what it does, and its parameters as a JSON Schema object in text form.
 * {@code strict} is OpenAI's strict-schema flag, null when absent.
 */
public record ToolSpec(String name, String description, String parametersJson, Boolean strict) {
    public ToolSpec {
        requireNonNull(name, "name");
        parametersJson = parametersJson == null ? "{\"type\":\"object\",\"properties\":{}}" : parametersJson;
    }
}
