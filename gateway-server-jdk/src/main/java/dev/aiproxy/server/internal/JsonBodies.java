package dev.aiproxy.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.routing.GatewayResponse;
import java.util.Map;

/** Small JSON answers the server writes itself (model lists, health). */
final class JsonBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    static GatewayResponse json(int status, Object value) {
        try {
            return new GatewayResponse(status, Map.of("Content-Type", "application/json"),
                    new GatewayResponse.Bytes(MAPPER.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps and lists of strings and numbers always serialise", e);
        }
    }
}
