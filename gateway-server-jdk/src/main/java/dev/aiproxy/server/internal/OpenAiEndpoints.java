package dev.aiproxy.server.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.RawRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAI-format endpoints: chat completions and the model list. */
final class OpenAiEndpoints {
    private final Gateway gateway;
    private final long startedAt;

    OpenAiEndpoints(Gateway gateway, long startedAtEpochSeconds) {
        this.gateway = gateway;
        this.startedAt = startedAtEpochSeconds;
    }

    /** {@code POST /v1/chat/completions}, per https://platform.openai.com/docs/api-reference/chat/create. */
    Endpoint chatCompletions() {
        return new Endpoint("POST", ApiFormat.OPENAI_CHAT, true, (exchange, config) -> gateway.handle(
                RawRequest.of(ApiFormat.OPENAI_CHAT,
                        RequestBodies.read(exchange, config.limits().maxRequestBodyBytes()))));
    }

    /** {@code GET /v1/models}, per https://platform.openai.com/docs/api-reference/models/list. */
    Endpoint models() {
        return new Endpoint("GET", ApiFormat.OPENAI_CHAT, true, (exchange, config) -> modelList());
    }

    private GatewayResponse modelList() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (ModelInfo model : gateway.models()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", model.id());
            entry.put("object", "model");
            entry.put("created", startedAt);
            entry.put("owned_by", model.provider());
            data.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        return JsonBodies.json(200, body);
    }
}
