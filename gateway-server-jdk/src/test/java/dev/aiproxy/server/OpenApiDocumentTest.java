package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.management.ManagementApi;
import dev.aiproxy.server.management.Route;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /v0/management/openapi.json describes exactly the routes the server has. */
class OpenApiDocumentTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathExists() throws Exception {
        JsonNode doc;
        try (InputStream in = ManagementApi.class.getResourceAsStream("openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        List<String> documented = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        List<String> routes;
        try (Gateway gateway = Gateway.create(GatewayConfig.builder().build())) {
            routes = GatewayServer.management(gateway).routes().stream().map(r -> r.method() + " " + r.path())
                    .toList();
        }

        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                assertThat(op.getValue().path("responses").size()).as(op.getKey() + " " + path.getKey())
                        .isPositive()));
    }
}
