package dev.aiproxy.providers.echo;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;

/** Builds the offline {@code echo} provider (type {@code echo}); it serves the model {@code echo} unless told else. */
public final class EchoProviderFactory implements ProviderFactory {
    public static final String TYPE = "echo";

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public EchoProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Provider create(ProviderConfig config) {
        ProviderConfig resolved = config.models().isEmpty() ? config.toBuilder().model("echo").build() : config;
        return new EchoProvider(resolved);
    }
}
