package dev.aiproxy.server.management;

import dev.aiproxy.routing.GatewayResponse;
import java.util.Map;

/**
 * What a management operation answers: a JSON value (a record, a list, a map) with a status and headers, or a
 * response of its own (the event feed's stream, a YAML file).
 */
public sealed interface ManagementAnswer {

    /** A value written as JSON. */
    record Json(int status, Object value, Map<String, String> headers) implements ManagementAnswer {
        public Json {
            headers = Map.copyOf(headers);
        }
    }

    /** A response made by the operation itself. */
    record Raw(GatewayResponse response) implements ManagementAnswer {
    }

    static ManagementAnswer ok(Object value) {
        return new Json(200, value, Map.of());
    }

    static ManagementAnswer created(Object value) {
        return new Json(201, value, Map.of());
    }

    static ManagementAnswer json(int status, Object value, Map<String, String> headers) {
        return new Json(status, value, headers);
    }

    /** 204, nothing to say. */
    static ManagementAnswer done() {
        return new Raw(new GatewayResponse(204, Map.of(), new GatewayResponse.Bytes(new byte[0])));
    }
}
