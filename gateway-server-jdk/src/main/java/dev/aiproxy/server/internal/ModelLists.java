package dev.aiproxy.server.internal;

import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.ClientConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model list and model lookup in each format's own shape: OpenAI's {@code {"object":"list","data":[...]}},
 * Anthropic's {@code {"data":[{"type":"model",...}],"has_more":false}}, Gemini's {@code {"models":[{"name":"models/..."}]}}.
 */
final class ModelLists {
    private final Gateway gateway;
    private final Instant startedAt;

    ModelLists(Gateway gateway, Instant startedAt) {
        this.gateway = gateway;
        this.startedAt = startedAt;
    }

    GatewayResponse openAiList(ClientConfig client) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (ModelInfo model : gateway.models(client)) {
            data.add(openAi(model));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        return JsonBodies.json(200, body);
    }

    GatewayResponse openAiModel(ClientConfig client, String id) {
        return JsonBodies.json(200, openAi(find(client, id)));
    }

    GatewayResponse anthropicList(ClientConfig client) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (ModelInfo model : gateway.models(client)) {
            data.add(anthropic(model));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("has_more", false);
        body.put("first_id", data.isEmpty() ? null : data.getFirst().get("id"));
        body.put("last_id", data.isEmpty() ? null : data.getLast().get("id"));
        return JsonBodies.json(200, body);
    }

    GatewayResponse anthropicModel(ClientConfig client, String id) {
        return JsonBodies.json(200, anthropic(find(client, id)));
    }

    GatewayResponse geminiList(ClientConfig client) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelInfo model : gateway.models(client)) {
            models.add(gemini(model));
        }
        return JsonBodies.json(200, Map.of("models", models));
    }

    GatewayResponse geminiModel(ClientConfig client, String name) {
        return JsonBodies.json(200, gemini(find(client, name.startsWith("models/") ? name.substring(7) : name)));
    }

    private ModelInfo find(ClientConfig client, String id) {
        for (ModelInfo model : gateway.models(client)) {
            if (model.id().equals(id)) {
                return model;
            }
        }
        throw new NotFoundException("The model '" + id + "' does not exist or is not served by this gateway");
    }

    private Map<String, Object> openAi(ModelInfo model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", model.id());
        entry.put("object", "model");
        entry.put("created", startedAt.getEpochSecond());
        entry.put("owned_by", model.provider());
        return entry;
    }

    private Map<String, Object> anthropic(ModelInfo model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "model");
        entry.put("id", model.id());
        entry.put("display_name", model.id());
        entry.put("created_at", startedAt.toString());
        return entry;
    }

    private static Map<String, Object> gemini(ModelInfo model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "models/" + model.id());
        entry.put("displayName", model.id());
        entry.put("supportedGenerationMethods", List.of("generateContent", "streamGenerateContent", "countTokens"));
        return entry;
    }
}
