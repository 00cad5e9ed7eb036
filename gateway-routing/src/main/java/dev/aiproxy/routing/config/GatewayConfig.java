package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.internal.HeaderReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One immutable snapshot of the whole configuration. A reload builds a new one and swaps it in; nothing in it ever
 * changes.
 *
 * @param host the address the server binds; loopback by default
 * @param port the server port; 0 picks a free one
 * @param clients who may call the gateway, each with its key's hash and its settings; empty means no key is needed
 *     (loopback only)
 * @param management the management secret (hashed) and who may use it; {@link Management#OFF} by default
 * @param debug whether full bodies are logged (redacted)
 * @param echoModel whether the offline demo model {@code echo} is served
 * @param resilience retries, cooldowns, the routing strategy and fallback chains
 * @param providers the upstream entries, in file order
 * @param source the file this came from, or null when built in code or from the environment
 * @param payload the {@code payload:} rules applied to upstream request bodies; none by default
 * @param providerPrompts a system prompt for every request a provider entry serves, by entry name
 * @param streaming how the server keeps streamed answers alive
 * @param access the {@code Host} names and browser origins the server answers besides its own; none by default
 * @param prices the {@code prices:} entries, which come before the price table shipped in the jar; none by default
 * @param budget the whole gateway's spending limits, over every client; none by default
 * @param usage where the server keeps usage records; {@link UsageSettings#DEFAULTS} by default
 * @param metrics who may read the server's {@code /metrics}; {@link MetricsSettings#DEFAULTS} (guarded) by default
 * @param logging how the server writes its request log; {@link LogSettings#DEFAULTS} by default
 * @param healthChecks the active health check of each provider entry that has one, by entry name; none by default
 * @param shutdownGrace how long a stopping server lets the requests in flight finish before it ends the streams
 *     still open with an error event; {@link #DEFAULT_SHUTDOWN_GRACE} by default
 * @param modelRefresh how often the model lists of entries without {@code models:} are fetched;
 *     {@link ModelRefresh#DEFAULTS} by default
 * @param cache which answers the response cache replays; {@link CacheSettings#OFF} by default
 * @param state where the state several instances share is kept; {@link StateSettings#LOCAL} by default
 */
public record GatewayConfig(String host, int port, List<ClientConfig> clients, Management management,
        boolean debug, boolean echoModel, Limits limits, Timeouts timeouts, Resilience resilience,
        List<ProviderConfig> providers, Path source, PayloadRules payload, Map<String, SystemPrompt> providerPrompts,
        Streaming streaming, HttpAccess access, List<ModelPrice> prices, Budget budget, UsageSettings usage,
        MetricsSettings metrics, LogSettings logging, Map<String, HealthCheck> healthChecks,
        Duration shutdownGrace, ModelRefresh modelRefresh, CacheSettings cache, StateSettings state) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8317;
    /** 30 seconds: most answers finish in that time, and systemd's default stop timeout (90 s) is well above it. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public GatewayConfig {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        clients = List.copyOf(clients);
        Set<String> clientNames = new HashSet<>();
        for (ClientConfig c : clients) {
            if (!clientNames.add(c.name())) {
                throw new IllegalArgumentException("two clients are named '" + c.name() + "'");
            }
        }
        management = management == null ? Management.OFF : management;
        limits = limits == null ? Limits.DEFAULTS : limits;
        timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
        resilience = resilience == null ? Resilience.DEFAULTS : resilience;
        providers = List.copyOf(providers);
        payload = payload == null ? PayloadRules.NONE : payload;
        streaming = streaming == null ? Streaming.DEFAULTS : streaming;
        cache = cache == null ? CacheSettings.OFF : cache;
        state = state == null ? StateSettings.LOCAL : state;
        Set<String> names = new HashSet<>();
        for (ProviderConfig p : providers) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("two providers are named '" + p.name() + "'");
            }
        }
        providerPrompts = providerPrompts == null ? Map.of() : Map.copyOf(providerPrompts);
        access = access == null ? HttpAccess.DEFAULTS : access;
        prices = prices == null ? List.of() : List.copyOf(prices);
        budget = budget == null ? Budget.NONE : budget;
        usage = usage == null ? UsageSettings.DEFAULTS : usage;
        metrics = metrics == null ? MetricsSettings.DEFAULTS : metrics;
        logging = logging == null ? LogSettings.DEFAULTS : logging;
        healthChecks = healthChecks == null ? Map.of() : Map.copyOf(healthChecks);
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown-grace must not be negative, was " + shutdownGrace);
        }
        modelRefresh = modelRefresh == null ? ModelRefresh.DEFAULTS : modelRefresh;
        for (String p : modelRefresh.byProvider().keySet()) {
            if (!names.contains(p)) {
                throw new IllegalArgumentException("models-refresh is set for provider '" + p
                        + "', which is not configured");
            }
        }
        for (String p : healthChecks.keySet()) {
            if (!names.contains(p)) {
                throw new IllegalArgumentException("a health check is set for provider '" + p
                        + "', which is not configured");
            }
        }
        for (String p : providerPrompts.keySet()) {
            if (!names.contains(p)) {
                throw new IllegalArgumentException("a system prompt is set for provider '" + p
                        + "', which is not configured");
            }
        }
        for (ClientConfig c : clients) {
            if (c.provider() != null && !names.contains(c.provider()) && !c.provider().equals("echo")) {
                throw new IllegalArgumentException("client '" + c.name() + "' is pinned to provider '" + c.provider()
                        + "', which is not configured (providers: " + String.join(", ", names) + ")");
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
        b.clients = new ArrayList<>(clients);
        b.management = management;
        b.debug = debug;
        b.echoModel = echoModel;
        b.limits = limits;
        b.timeouts = timeouts;
        b.resilience = resilience;
        b.providers = new ArrayList<>(providers);
        b.source = source;
        b.payload = payload;
        b.providerPrompts = new java.util.LinkedHashMap<>(providerPrompts);
        b.streaming = streaming;
        b.cache = cache;
        b.state = state;
        b.access = access;
        b.prices = new ArrayList<>(prices);
        b.budget = budget;
        b.usage = usage;
        b.metrics = metrics;
        b.logging = logging;
        b.healthChecks = new java.util.LinkedHashMap<>(healthChecks);
        b.shutdownGrace = shutdownGrace;
        b.modelRefresh = modelRefresh;
        return b;
    }

    /** SHA-256 (hex) of the management secret, or null when there is none. */
    public String managementSecretHash() {
        return management.secretHash();
    }

    /** The client of that name, or null. */
    public ClientConfig client(String name) {
        for (ClientConfig c : clients) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The client request headers some provider entry copies upstream: a {@code $Header-Name} value in the entry's or
     * a key's {@code headers}. Names as the config writes them, one per header whatever its case. Computed on each
     * call.
     */
    public Set<String> copiedClientHeaders() {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ProviderConfig p : providers) {
            addReferences(p.headers(), names);
            for (Credential c : p.credentials()) {
                addReferences(c.headers(), names);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    private static void addReferences(Map<String, String> headers, Set<String> names) {
        for (String value : headers.values()) {
            if (HeaderReference.isReference(value)) {
                try {
                    names.add(HeaderReference.parse(value).source());
                } catch (IllegalArgumentException e) {
                    // not a valid reference: Gateway.create and reload refuse the config, so it never serves
                }
            }
        }
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
        private List<ClientConfig> clients = new ArrayList<>();
        private Management management = Management.OFF;
        private boolean debug;
        private boolean echoModel = true;
        private Limits limits = Limits.DEFAULTS;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private Resilience resilience = Resilience.DEFAULTS;
        private List<ProviderConfig> providers = new ArrayList<>();
        private Path source;
        private PayloadRules payload = PayloadRules.NONE;
        private Map<String, SystemPrompt> providerPrompts = new java.util.LinkedHashMap<>();
        private Streaming streaming = Streaming.DEFAULTS;
        private CacheSettings cache = CacheSettings.OFF;
        private StateSettings state = StateSettings.LOCAL;
        private HttpAccess access = HttpAccess.DEFAULTS;
        private List<ModelPrice> prices = new ArrayList<>();
        private Budget budget = Budget.NONE;
        private UsageSettings usage = UsageSettings.DEFAULTS;
        private MetricsSettings metrics = MetricsSettings.DEFAULTS;
        private LogSettings logging = LogSettings.DEFAULTS;
        private Map<String, HealthCheck> healthChecks = new java.util.LinkedHashMap<>();
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private ModelRefresh modelRefresh = ModelRefresh.DEFAULTS;

        private Builder() {
        }

        /** Prices that come before the price table shipped in the jar, in this order. */
        public Builder prices(List<ModelPrice> prices) {
            this.prices = new ArrayList<>(prices);
            return this;
        }

        public Builder addPrice(ModelPrice price) {
            this.prices.add(requireNonNull(price, "price"));
            return this;
        }

        /** The whole gateway's spending limits. */
        public Builder budget(Budget budget) {
            this.budget = requireNonNull(budget, "budget");
            return this;
        }

        /** Where the server keeps usage records. */
        public Builder usage(UsageSettings usage) {
            this.usage = requireNonNull(usage, "usage");
            return this;
        }

        /** Who may read the server's {@code /metrics}. */
        public Builder metrics(MetricsSettings metrics) {
            this.metrics = requireNonNull(metrics, "metrics");
            return this;
        }

        /** How the server writes its request log. */
        public Builder logging(LogSettings logging) {
            this.logging = requireNonNull(logging, "logging");
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder clients(List<ClientConfig> clients) {
            this.clients = new ArrayList<>(clients);
            return this;
        }

        public Builder addClient(ClientConfig client) {
            this.clients.add(client);
            return this;
        }

        /** A client with all models allowed and no limits, named {@code api-keys#<n>} like a plain config key. */
        public Builder addClientKey(String key) {
            this.clients.add(new ClientConfig("api-keys#" + clients.size(), ClientKeys.hash(key), List.of("*"), null,
                    null, null, 0, 0));
            return this;
        }

        /** The management secret, kept only as its SHA-256. */
        public Builder managementSecret(String secret) {
            this.management = management.withSecretHash(secret == null ? null : ClientKeys.hash(secret));
            return this;
        }

        public Builder managementSecretHash(String hash) {
            this.management = management.withSecretHash(hash);
            return this;
        }

        /** The management secret and who may use it. */
        public Builder management(Management management) {
            this.management = requireNonNull(management, "management");
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

        /**
         * How long a stopping server lets the requests in flight finish; zero ends the open streams at once.
         *
         * @throws IllegalArgumentException when negative (from {@link #build()})
         */
        /** How often the model lists of entries without {@code models:} are fetched. */
        public Builder modelRefresh(ModelRefresh modelRefresh) {
            this.modelRefresh = requireNonNull(modelRefresh, "modelRefresh");
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = requireNonNull(grace, "grace");
            return this;
        }

        /** Where the state several instances share is kept; {@link StateSettings#LOCAL} by default. */
        public Builder state(StateSettings state) {
            this.state = requireNonNull(state, "state");
            return this;
        }

        /** The response cache; {@link CacheSettings#OFF} by default. */
        public Builder cache(CacheSettings cache) {
            this.cache = requireNonNull(cache, "cache");
            return this;
        }

        public Builder streaming(Streaming streaming) {
            this.streaming = requireNonNull(streaming, "streaming");
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

        /** A system prompt for every request a provider entry serves. */
        public Builder providerPrompt(String provider, SystemPrompt prompt) {
            this.providerPrompts.put(provider, prompt);
            return this;
        }

        public Builder providerPrompts(Map<String, SystemPrompt> prompts) {
            this.providerPrompts = new java.util.LinkedHashMap<>(prompts);
            return this;
        }

        /** An active health check for a provider entry's keys; none by default. */
        public Builder healthCheck(String provider, HealthCheck check) {
            this.healthChecks.put(provider, check);
            return this;
        }

        public Builder healthChecks(Map<String, HealthCheck> checks) {
            this.healthChecks = new java.util.LinkedHashMap<>(checks);
            return this;
        }

        public Builder payload(PayloadRules payload) {
            this.payload = payload;
            return this;
        }

        /** The {@code Host} names and browser origins the server answers besides its own. */
        public Builder access(HttpAccess access) {
            this.access = access;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid value */
        public GatewayConfig build() {
            return new GatewayConfig(host, port, clients, management, debug, echoModel, limits, timeouts,
                    resilience, providers, source, payload, providerPrompts, streaming, access, prices, budget, usage,
                    metrics, logging, healthChecks, shutdownGrace, modelRefresh, cache, state);
        }
    }
}
