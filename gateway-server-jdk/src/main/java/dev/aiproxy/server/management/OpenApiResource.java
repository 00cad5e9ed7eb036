package dev.aiproxy.server.management;

import dev.aiproxy.routing.GatewayResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** {@code GET /openapi.json}: the OpenAPI 3.1 document of this API, shipped in the jar beside this class. */
public final class OpenApiResource implements ManagementApi.Resource {
    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/openapi.json", request -> new ManagementAnswer.Raw(new GatewayResponse(200,
                Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                new GatewayResponse.Bytes(document)))));
    }
}
