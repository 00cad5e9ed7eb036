package dev.aiproxy.routing.internal.models;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamRequest;
import java.time.Duration;
import java.util.Map;

/**
 * The one request for a provider's model list, shared by the active health checks and the model list refresh, so both
 * go through the provider's own {@link Operation#LIST_MODELS} and its client.
 */
public final class ModelListRequests {
    private ModelListRequests() {
    }

    /** A model list request with that credential, waiting at most {@code wait} for the answer's head. */
    public static UpstreamRequest of(Credential credential, Duration wait) {
        return new UpstreamRequest(credential, "", new byte[0], false, Map.of(), wait, Operation.LIST_MODELS);
    }
}
