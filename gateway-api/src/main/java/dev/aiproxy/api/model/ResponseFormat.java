package dev.aiproxy.api.model;

import static java.util.Objects.requireNonNull;

/** What shape the answer must take: free text, any JSON object, or JSON matching a schema. */
public sealed interface ResponseFormat {
    record PlainText() implements ResponseFormat {
    }

    record JsonObject() implements ResponseFormat {
    }

    /** JSON matching {@code schemaJson}; {@code name} and {@code strict} are OpenAI's and may be null. */
    record JsonSchema(String name, String schemaJson, Boolean strict) implements ResponseFormat {
        public JsonSchema {
            requireNonNull(schemaJson, "schemaJson");
        }
    }
}
