package dev.aiproxy.routing.internal.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.config.internal.JsonValues;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the model ids out of a provider's model list answer, in the shape its format documents. */
public final class ModelListParser {
    private static final String GEMINI_PREFIX = "models/";

    private ModelListParser() {
    }

    /**
     * The model ids of one list answer, in the upstream's order, without duplicates.
     *
     * @throws IllegalArgumentException when the body is not JSON or not the format's list shape
     */
    public static List<String> parse(ApiFormat format, byte[] body) {
        JsonNode root;
        try {
            root = JsonValues.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the model list is not JSON: " + e.getMessage(), e);
        }
        Set<String> ids = new LinkedHashSet<>();
        switch (format) {
            // https://platform.openai.com/docs/api-reference/models/list: {"object":"list","data":[{"id":...}]};
            // https://docs.anthropic.com/en/api/models-list: {"data":[{"type":"model","id":...}],"has_more":...}
            case OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC_MESSAGES -> {
                JsonNode data = array(root, "data");
                data.forEach(m -> add(ids, m.path("id").asText("")));
            }
            // https://ai.google.dev/api/models#method:-models.list: {"models":[{"name":"models/...",
            // "supportedGenerationMethods":[...]}]}; a model that cannot generateContent (an embedding model) cannot
            // serve a chat
            case GEMINI -> {
                JsonNode models = array(root, "models");
                for (JsonNode m : models) {
                    String name = m.path("name").asText("");
                    if (generates(m)) {
                        add(ids, name.startsWith(GEMINI_PREFIX) ? name.substring(GEMINI_PREFIX.length()) : name);
                    }
                }
            }
            // a provider that speaks it (Bedrock) lists no models: it does not support LIST_MODELS
            case BEDROCK_CONVERSE -> throw new IllegalArgumentException(format.id() + " has no model list");
        }
        return List.copyOf(ids);
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isArray()) {
            throw new IllegalArgumentException("the model list has no '" + field + "' array");
        }
        return node;
    }

    private static boolean generates(JsonNode model) {
        JsonNode methods = model.path("supportedGenerationMethods");
        if (!methods.isArray()) {
            return true;
        }
        for (JsonNode method : methods) {
            if (method.asText().equals("generateContent")) {
                return true;
            }
        }
        return false;
    }

    private static void add(Set<String> ids, String id) {
        if (!id.isBlank()) {
            ids.add(id.strip());
        }
    }
}
