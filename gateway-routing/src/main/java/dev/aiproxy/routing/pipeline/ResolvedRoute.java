package dev.aiproxy.routing.pipeline;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import java.util.List;

/**
 * Where a model name routes in the config now live: every upstream that can serve it, in config order (the
 * configured strategy takes them in turn, skipping those cooling down). Fallback models are not included.
 *
 * @param model the client-visible model name
 * @param targets the upstreams that serve it
 */
public record ResolvedRoute(String model, List<Target> targets) {
    public ResolvedRoute {
        requireNonNull(model, "model");
        targets = List.copyOf(targets);
    }

    /**
     * One upstream that can serve the model.
     *
     * @param provider the provider entry's name
     * @param format the wire format the provider speaks
     * @param upstreamModel the name the upstream is sent
     * @param credential the credential's id in the config (never the key)
     */
    public record Target(String provider, ApiFormat format, String upstreamModel, String credential) {
        public Target {
            requireNonNull(provider, "provider");
            requireNonNull(format, "format");
            requireNonNull(upstreamModel, "upstreamModel");
            requireNonNull(credential, "credential");
        }
    }
}
