package dev.aiproxy.routing.internal.route;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;

/** One way to serve a model: a provider, one of its credentials, and the upstream's name for the model. */
public record Candidate(Provider provider, Credential credential, String upstreamModel) {

    /** The provider entry's name. */
    public String providerName() {
        return provider.config().name();
    }

    /** The wire format the provider speaks for this candidate's model. */
    public ApiFormat format() {
        return provider.format(upstreamModel);
    }

    /** Stable across reloads: the provider and a fingerprint of the key, plus the model. */
    public String identity() {
        return credential.identity(providerName()) + "/" + upstreamModel;
    }
}
