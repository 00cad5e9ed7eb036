package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable snapshot of the whole configuration. A reload builds a new one and swaps it in; nothing in it ever
 * changes.
 *
 * @param host the address the server binds; loopback by default
 * @param port the server port; 0 picks a free one
 * @param clientKeys the keys clients must present; empty means no key is needed (loopback only)
 * @param debug whether full bodies are logged (redacted)
 * @param echoModel whether the offline demo model {@code echo} is served
 * @param resilience retries, cooldowns, the routing strategy and fallback chains
 * @param providers the upstream entries, in file order
 * @param source the file this came from, or null when built in code or from the environment
 * @param payload the {@code payload:} rules applied to upstream request bodies; none by default
 */
public record GatewayConfig(String host, int port, List<Secret> clientKeys, boolean debug, boolean echoModel,
        Limits limits, Timeouts timeouts, Resilience resilience, List<ProviderConfig> providers, Path source,
        PayloadRules payload) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8317;

    public GatewayConfig {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        clientKeys = List.copyOf(clientKeys);
        limits = limits == null ? Limits.DEFAULTS : limits;
        timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
        resilience = resilience == null ? Resilience.DEFAULTS : resilience;
        providers = List.copyOf(providers);
        payload = payload == null ? PayloadRules.NONE : payload;
        Set<String> names = new HashSet<>();
        for (ProviderConfig p : providers) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("two providers are named '" + p.name() + "'");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.clientKeys = new ArrayList<>(clientKeys);
        b.debug = debug;
        b.echoModel = echoModel;
        b.limits = limits;
        b.timeouts = timeouts;
        b.resilience = resilience;
        b.providers = new ArrayList<>(providers);
        b.source = source;
        b.payload = payload;
        return b;
    }

    /** The source file, when there is one. */
    public Optional<Path> sourceFile() {
        return Optional.ofNullable(source);
    }

    /**
     * The configuration used when there is no file: loopback, no client keys, the echo model, and one provider for
     * each of {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} and {@code GEMINI_API_KEY} that is set.
     */
    public static GatewayConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        EnvironmentProviders.from(env).forEach(b::addProvider);
        return b.build();
    }

    /** Builds a {@link GatewayConfig}; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private List<Secret> clientKeys = new ArrayList<>();
        private boolean debug;
        private boolean echoModel = true;
        private Limits limits = Limits.DEFAULTS;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private Resilience resilience = Resilience.DEFAULTS;
        private List<ProviderConfig> providers = new ArrayList<>();
        private Path source;
        private PayloadRules payload = PayloadRules.NONE;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder clientKeys(List<Secret> keys) {
            this.clientKeys = new ArrayList<>(keys);
            return this;
        }

        public Builder addClientKey(String key) {
            this.clientKeys.add(Secret.of(key));
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder echoModel(boolean echoModel) {
            this.echoModel = echoModel;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder resilience(Resilience resilience) {
            this.resilience = resilience;
            return this;
        }

        public Builder providers(List<ProviderConfig> providers) {
            this.providers = new ArrayList<>(providers);
            return this;
        }

        public Builder addProvider(ProviderConfig provider) {
            this.providers.add(provider);
            return this;
        }

        public Builder source(Path source) {
            this.source = source;
            return this;
        }

        public Builder payload(PayloadRules payload) {
            this.payload = payload;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid value */
        public GatewayConfig build() {
            return new GatewayConfig(host, port, clientKeys, debug, echoModel, limits, timeouts, resilience, providers,
                    source, payload);
        }
    }
}
