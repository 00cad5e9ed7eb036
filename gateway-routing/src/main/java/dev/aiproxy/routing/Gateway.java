package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.internal.budget.BudgetLedger;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.StateStatus;
import dev.aiproxy.routing.internal.budget.BudgetStep;
import dev.aiproxy.routing.internal.cache.CacheStep;
import dev.aiproxy.routing.internal.chain.Pipeline;
import dev.aiproxy.routing.internal.client.ClientPolicies;
import dev.aiproxy.routing.internal.client.ClientPolicyStep;
import dev.aiproxy.routing.internal.cost.CostAccounting;
import dev.aiproxy.routing.internal.debug.DebugTraceStep;
import dev.aiproxy.routing.internal.dispatch.RetryAfterParser;
import dev.aiproxy.routing.internal.dispatch.UpstreamCaller;
import dev.aiproxy.routing.internal.dispatch.UpstreamDispatcher;
import dev.aiproxy.routing.internal.exchange.CanonicalExchange;
import dev.aiproxy.routing.internal.exchange.ChatStreamPublisher;
import dev.aiproxy.routing.internal.exchange.RawExchange;
import dev.aiproxy.routing.internal.health.HealthReports;
import dev.aiproxy.routing.internal.health.HealthChecker;
import dev.aiproxy.routing.internal.models.ModelListRefresher;
import dev.aiproxy.routing.internal.health.HealthTracker;
import dev.aiproxy.routing.internal.health.ProviderStatuses;
import dev.aiproxy.routing.internal.health.TrafficStats;
import dev.aiproxy.routing.internal.limits.RateLimitStep;
import dev.aiproxy.routing.internal.route.CandidateSelector;
import dev.aiproxy.routing.internal.table.ProviderFactories;
import dev.aiproxy.routing.internal.table.RoutingTable;
import dev.aiproxy.routing.internal.usage.UsageListeners;
import dev.aiproxy.routing.internal.usage.UsageStep;
import dev.aiproxy.routing.pipeline.Interceptor;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.UsageQueries;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageTotal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The gateway as a plain Java object: routes chat requests to the configured providers, whatever format each speaks.
 * The standalone server is a thin HTTP layer over {@link #handle(RawRequest)}; an application can call the typed
 * methods directly, in-process. Thread-safe; every method that calls an upstream blocks, which is cheap on a virtual
 * thread.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.create(GatewayConfig.builder()
 *         .addProvider(ProviderConfig.builder("openai", "openai-compatible").apiKey(key).build())
 *         .build())) {
 *     ChatResponse answer = gateway.chat(ChatRequest.builder().model("gpt-4o-mini").user("Hello").build());
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final ProviderFactories factories;
    private final AtomicReference<RoutingTable> table = new AtomicReference<>();
    private final HealthTracker health;
    private final CredentialCooldowns cooldowns;
    private final SharedState state;
    private final RawExchange raw;
    private final CanonicalExchange canonical;
    private final List<ReloadCheck> reloadChecks = new CopyOnWriteArrayList<>();
    private final CostAccounting costs = new CostAccounting();
    private final BudgetLedger ledger;
    private final UsageStore store;
    private final UsageListeners usageListeners;
    private final TrafficStats traffic;
    private final HealthChecker checker;
    private final ModelListRefresher modelLists;
    private final List<Consumer<HealthCheckResult>> healthListeners = new CopyOnWriteArrayList<>();

    private Gateway(Builder builder) {
        Clock clock = builder.clock;
        this.factories = ProviderFactories.discover();
        this.health = new HealthTracker(clock);
        this.state = builder.state != null ? builder.state : SharedState.inMemory(clock);
        this.cooldowns = builder.cooldowns != null ? builder.cooldowns : state.cooldowns();
        this.store = builder.store;
        this.ledger = new BudgetLedger(clock, state.budgetSpend());
        if (store != null) {
            seed(ledger, store);
        }
        this.traffic = new TrafficStats(clock);
        UpstreamCaller caller = new UpstreamCaller(health, traffic, new RetryAfterParser(clock));
        CandidateSelector selector = new CandidateSelector();
        UpstreamDispatcher dispatcher = new UpstreamDispatcher(caller, selector, cooldowns, clock);
        this.usageListeners = new UsageListeners(builder.usageListener, store == null ? null : store::record);
        Pipeline pipeline = new Pipeline(steps(builder, state, ledger, usageListeners), costs::price);
        this.raw = new RawExchange(pipeline, dispatcher, selector, caller, state.conversations(), clock);
        this.canonical = new CanonicalExchange(pipeline, dispatcher, clock);
        this.table.set(RoutingTable.build(builder.config, factories, null));
        this.checker = new HealthChecker(table::get, cooldowns, clock, this::healthChanged);
        checker.start();
        this.modelLists = new ModelListRefresher(table::get, clock, this::modelListsChanged);
        modelLists.start();
    }

    /** A fetched model list changed: the live table gets a registry built with it, as a reload would. */
    private void modelListsChanged() {
        table.updateAndGet(t -> t.withModels(modelLists.fetched()));
    }

    private void healthChanged(HealthCheckResult result) {
        for (Consumer<HealthCheckResult> listener : healthListeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a health check listener failed", e);
            }
        }
    }

    /**
     * The chain every request passes, in this order: usage settlement (first, so it also records what later steps
     * refuse), client policy, rate limits, budgets, debug trace, the response cache (after the limits, so a hit
     * counts against a client's rate, and after the trace, so a hit is traced too; a hit costs nothing), then the
     * application's interceptors in the order added (which a hit does not reach).
     */
    private static List<Interceptor> steps(Builder builder, SharedState state, BudgetLedger ledger,
            UsageListeners listeners) {
        List<Interceptor> steps = new ArrayList<>();
        steps.add(new UsageStep(listeners));
        steps.add(new ClientPolicyStep());
        steps.add(new RateLimitStep(state.rateLimits()));
        steps.add(new BudgetStep(ledger, builder.store != null));
        steps.add(new DebugTraceStep());
        ResponseCache cache = builder.responseCache;
        steps.add(new CacheStep(cache != null ? settings -> cache : state::responseCache));
        steps.addAll(builder.interceptors);
        return steps;
    }

    /** The month's spend so far, from the store, so that a restart does not reset a spent budget. */
    private static void seed(BudgetLedger ledger, UsageStore store) {
        Map<String, Map<LocalDate, Long>> byClientAndDay = new HashMap<>();
        for (UsageTotal total : store.totals(UsageQuery.since(ledger.monthStart(), Dimension.CLIENT,
                Dimension.DAY))) {
            if (total.cost() != null && total.cost().signum() > 0) {
                byClientAndDay.computeIfAbsent(total.client(), c -> new HashMap<>()).merge(
                        LocalDate.ofInstant(total.period(), ZoneOffset.UTC), BudgetLedger.nanos(total.cost()),
                        Long::sum);
            }
        }
        ledger.seed(byClientAndDay);
    }

    /**
     * A gateway for a config built in code.
     *
     * @throws IllegalArgumentException when a provider entry has no factory or is rejected by it
     */
    public static Gateway create(GatewayConfig config) {
        return builder(config).build();
    }

    /**
     * A gateway with more than a config: interceptors, a usage listener, a meter registry, a clock for tests, a shared
     * cooldown store.
     */
    public static Builder builder(GatewayConfig config) {
        return new Builder(requireNonNull(config, "config"));
    }

    /** Builds a {@link Gateway}; not thread-safe. */
    public static final class Builder {
        private final GatewayConfig config;
        private Clock clock = Clock.systemUTC();
        private CredentialCooldowns cooldowns;
        private SharedState state;
        private ResponseCache responseCache;
        private Consumer<UsageRecord> usageListener;
        private UsageStore store;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;
        private final List<Interceptor> interceptors = new ArrayList<>();

        private Builder(GatewayConfig config) {
            this.config = config;
        }

        /** The clock of cooldowns, retries and health; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the response cache keeps answers, for the requests the config's {@code cache:} opts in; by default
         * this process's memory, sized by {@code cache.max-bytes} and {@code cache.ttl} (a shared store, to scale out,
         * applies its own bounds).
         */
        public Builder responseCache(ResponseCache cache) {
            this.responseCache = requireNonNull(cache, "cache");
            return this;
        }

        /**
         * Where the state several instances may share is kept: cooldowns, rate limits, budget spend, Responses
         * conversations and the response cache; this process's memory by default ({@link SharedState#inMemory}), a
         * shared store to scale out ({@link dev.aiproxy.routing.state.SharedStates#open}, the gateway-redis module
         * for {@code redis://}). {@link #cooldowns} and {@link #responseCache}, when set, take the place of its
         * parts. The caller owns it: close it after the gateway.
         */
        public Builder state(SharedState state) {
            this.state = requireNonNull(state, "state");
            return this;
        }

        /** Where cooldowns are kept; this process's memory by default, a shared store to scale out. */
        public Builder cooldowns(CredentialCooldowns cooldowns) {
            this.cooldowns = requireNonNull(cooldowns, "cooldowns");
            return this;
        }

        /**
         * Told a {@link UsageRecord} for every chat request once its answer has ended (token counts are not
         * requests and are not recorded): which model and credential answered, the tokens used, how it ended. Called
         * on the thread that served the request, so it must be quick; one that throws is logged and ignored. Without
         * a listener the gateway does not read an answer's usage unless a rate limit needs it.
         */
        public Builder onUsage(Consumer<UsageRecord> listener) {
            this.usageListener = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Keeps every chat request's record in {@code store} (after the {@link #onUsage} listener), and reads the
         * month's spend from it when the gateway is built, so budgets survive a restart. The caller owns the store:
         * close it after the gateway, which drains what waits to be written.
         *
         * @throws dev.aiproxy.routing.usage.UsageStoreException from {@link #build()} when the spend cannot be read
         */
        public Builder usageStore(UsageStore store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        /**
         * Adds a step to the chain every request passes, server and in-process alike: after the gateway's own steps
         * (usage, client policy, rate limits, debug trace), and after the interceptors added before it. See {@link
         * Interceptor}.
         */
        public Builder interceptor(Interceptor interceptor) {
            interceptors.add(requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Records the gateway's meters into {@code registry}, the application's own (a Spring Boot application's, a
         * Prometheus registry): see {@link dev.aiproxy.routing.metrics.GatewayMetrics}. Needs Micrometer
         * ({@code io.micrometer:micrometer-core}) on the class path, which the gateway otherwise does without.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = requireNonNull(registry, "registry");
            return this;
        }

        /** @throws IllegalArgumentException when a provider entry has no factory or is rejected by it */
        public Gateway build() {
            Gateway gateway = new Gateway(this);
            // only reached with a registry, so only then are Micrometer's classes loaded
            if (meterRegistry != null) {
                dev.aiproxy.routing.metrics.GatewayMetrics.of(gateway).bindTo(meterRegistry);
            }
            return gateway;
        }
    }

    /**
     * A gateway for a YAML config file; {@code ${VAR}} is expanded from the process environment.
     *
     * @throws dev.aiproxy.routing.config.ConfigException listing every problem in the file
     */
    public static Gateway fromFile(Path file) {
        return create(ConfigLoader.withSystemEnvironment().load(file).config());
    }

    /** The config now live. */
    public GatewayConfig config() {
        return table.get().config();
    }

    /**
     * Makes a new config live, atomically. Requests already running finish on the old one; providers whose entry did
     * not change are kept, with their connections.
     *
     * @throws IllegalArgumentException when a provider entry is rejected; the old config then stays live
     * @throws IllegalStateException when a {@link ReloadCheck} refuses the config; the old config then stays live
     */
    public void reload(GatewayConfig next) {
        checkReload(next);
        RoutingTable previous = table.get();
        RoutingTable built = RoutingTable.build(next, factories, previous, modelLists.fetched());
        if (swap(previous, built)) {
            // a key the upstream refused stays out only until the config changes
            cooldowns.forgiveRejected();
            closeLater(previous.retiredBy(built));
            traffic.retain(built.providers().keySet().stream()
                    .flatMap(p -> p.credentials().stream().map(c -> c.identity(p.name())))
                    .collect(java.util.stream.Collectors.toSet()));
            checker.wake();
            modelLists.wake();
        } else {
            closeLater(built.retiredBy(table.get()));
            throw new IllegalStateException("another reload ran at the same time; this one was discarded");
        }
    }

    /**
     * Swaps {@code built} in for {@code previous}, with the model lists fetched by then. A table that only a fetched
     * model list replaced since {@code previous} (same config) does not count as another reload.
     */
    private boolean swap(RoutingTable previous, RoutingTable built) {
        while (true) {
            RoutingTable live = table.get();
            if (live.config() != previous.config()) {
                return false;
            }
            if (table.compareAndSet(live, built.withModels(modelLists.fetched()))) {
                return true;
            }
        }
    }

    /**
     * Adds a listener told every chat request's {@link UsageRecord} once its answer has ended, after the builder's
     * {@link Builder#onUsage listener} and store, in the order added: how a server adds its request log, metrics and
     * event feed to a running gateway. Called on the thread that served the request, so it must be quick; one that
     * throws is logged and ignored. Thread-safe.
     */
    public void addUsageListener(Consumer<UsageRecord> listener) {
        usageListeners.add(requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before; nothing happens when it was not. Thread-safe. */
    public void removeUsageListener(Consumer<UsageRecord> listener) {
        usageListeners.remove(listener);
    }

    /** Adds a check that every later {@link #reload} must pass, in the order added. Thread-safe. */
    public void addReloadCheck(ReloadCheck check) {
        reloadChecks.add(requireNonNull(check, "check"));
    }

    /**
     * Runs the {@link ReloadCheck}s on a config without making it live: how an edit is judged before it is written.
     *
     * @throws IllegalStateException or {@link IllegalArgumentException} from the first check that refuses it
     */
    public void checkReload(GatewayConfig next) {
        requireNonNull(next, "next");
        for (ReloadCheck check : reloadChecks) {
            check.check(next);
        }
    }

    /** Removes a check added before; nothing happens when it was not. Thread-safe. */
    public void removeReloadCheck(ReloadCheck check) {
        reloadChecks.remove(check);
    }

    /**
     * Sends a request and waits for the whole answer.
     *
     * @throws GatewayException when no provider serves the model, or the upstream fails
     */
    public ChatResponse chat(ChatRequest request) {
        return canonical.chat(table.get(), RequestContext.ANONYMOUS, requireNonNull(request, "request"));
    }

    /**
     * Starts a streamed answer and returns once the upstream has accepted the request; events are read from the
     * upstream as the caller pulls them. Close the result.
     *
     * @throws GatewayException when no provider serves the model, or the upstream refuses the request
     */
    public ChatStream stream(ChatRequest request) {
        return canonical.stream(table.get(), RequestContext.ANONYMOUS, requireNonNull(request, "request"));
    }

    /**
     * Typed calls made as one of the config's {@code clients:}: its allowed models, pinned provider, system prompt,
     * rate limits and budget apply, and its name is in the usage records, as for a request that sent its key to the
     * server. The client is looked up in the config live at each call, so a reload's changes apply.
     *
     * @param client a {@code clients:} entry's name; a call made after the entry is gone throws
     *     {@link dev.aiproxy.api.error.AuthenticationException}
     */
    public ClientGateway asClient(String client) {
        return new ClientGateway(this, requireNonNull(client, "client"));
    }

    /** The typed calls of {@link ClientGateway}: the live config's client of that name. */
    ChatResponse chat(String client, ChatRequest request) {
        RoutingTable live = table.get();
        return canonical.chat(live, RequestContext.of(ClientGateway.lookUp(live.config(), client)),
                requireNonNull(request, "request"));
    }

    ChatStream stream(String client, ChatRequest request) {
        RoutingTable live = table.get();
        return canonical.stream(live, RequestContext.of(ClientGateway.lookUp(live.config(), client)),
                requireNonNull(request, "request"));
    }

    /**
     * Streams an answer to a listener, on the calling thread; returns when the stream has ended. Never throws a
     * {@link GatewayException}: failures go to {@link StreamListener#onError}.
     */
    public void stream(ChatRequest request, StreamListener listener) {
        deliver(() -> stream(request), listener);
    }

    /** Streams to a listener: see {@link #stream(ChatRequest, StreamListener)}. */
    static void deliver(java.util.function.Supplier<ChatStream> start, StreamListener listener) {
        requireNonNull(listener, "listener");
        ChatResponseAccumulator accumulator = new ChatResponseAccumulator();
        try (ChatStream events = start.get()) {
            for (StreamEvent event : events) {
                accumulator.accept(event);
                listener.onEvent(event);
            }
        } catch (GatewayException e) {
            listener.onError(e);
            return;
        } catch (IllegalStateException e) {
            listener.onError(new InternalGatewayException("the upstream stream broke the event order: "
                    + e.getMessage(), e));
            return;
        }
        listener.onComplete(accumulator.response());
    }

    /**
     * A publisher of one streamed answer. The upstream call starts at the subscriber's first {@code request(n)}, and
     * the upstream is read only while there is demand. One subscriber only.
     */
    public Flow.Publisher<StreamEvent> publisher(ChatRequest request) {
        requireNonNull(request, "request");
        return new ChatStreamPublisher(() -> stream(request));
    }

    /**
     * Serves a request in a client's own wire format, as the server does: the answer (or the error) is in the same
     * format. Never throws. A streamed body must be written and closed by the caller.
     */
    public GatewayResponse handle(RawRequest request) {
        return raw.handle(table.get(), requireNonNull(request, "request"));
    }

    /**
     * Counts a request's input tokens, in the client's format ({@code /v1/messages/count_tokens},
     * {@code :countTokens}): the upstream counts when it can, else the gateway estimates. Never throws.
     */
    public GatewayResponse countTokens(RawRequest request) {
        return raw.countTokens(table.get(), requireNonNull(request, "request"));
    }

    /**
     * A Responses API answer kept for {@code previous_response_id}, as {@code GET /v1/responses/{id}} returns it: the
     * response object the client was shown, or a 404 in OpenAI's error shape when it is not kept (stored with
     * {@code store: false}, evicted, deleted, or made by another client). Never throws.
     */
    public GatewayResponse retrieveResponse(RequestContext context, String responseId) {
        return raw.retrieve(requireNonNull(context, "context"), requireNonNull(responseId, "responseId"));
    }

    /**
     * Forgets a kept Responses API answer, as {@code DELETE /v1/responses/{id}} does: a later
     * {@code previous_response_id} naming it is not found. Answers {@code {"id", "object": "response.deleted",
     * "deleted": true}}, or a 404 in OpenAI's error shape when it is not kept. Never throws.
     */
    public GatewayResponse deleteResponse(RequestContext context, String responseId) {
        return raw.delete(requireNonNull(context, "context"), requireNonNull(responseId, "responseId"));
    }

    /** The models one client may ask for: those its allowed globs match, on its pinned provider if it has one. */
    public List<ModelInfo> models(ClientConfig client) {
        return ClientPolicies.visible(client, table.get().registry());
    }

    /** The models clients can ask for, aliases and prefixes applied. */
    public List<ModelInfo> models() {
        return table.get().registry().models();
    }

    /**
     * The model lists fetched for the entries without {@code models:}, each with how its most recent fetch went, in
     * config order. An entry appears once its first fetch has ended. Thread-safe.
     */
    public List<ModelListStatus> modelLists() {
        return modelLists.statuses();
    }

    /** Each model's and provider's status, from cooldowns, recent outcomes and active health checks. */
    public HealthReport health() {
        return HealthReports.of(table.get(), health, cooldowns, checker);
    }

    /**
     * Every provider entry of the live config with its keys (masked, never the key itself): state, cooldowns, recent
     * traffic over five minutes, health and last active health check. Thread-safe; reads a snapshot.
     */
    public List<ProviderStatus> providers() {
        return ProviderStatuses.of(table.get(), cooldowns, traffic, checker, health);
    }

    /**
     * Ends every cooldown of one key, its rejection included, so routing tries it again at once. The config is not
     * changed: a key the upstream still refuses is refused again on its next call.
     *
     * @param provider a provider entry's name
     * @param key the key's fingerprint, or its id (such as {@code ollama#0}) for a key-less entry
     * @return whether a cooldown was running
     * @throws dev.aiproxy.api.error.NotFoundException when the live config has no such entry or key
     */
    public boolean clearCooldown(String provider, String key) {
        return cooldowns.release(identityOf(provider, key));
    }

    /** A key's identity in the live config, from its entry's name and its fingerprint (or id, when key-less). */
    private String identityOf(String provider, String key) {
        for (dev.aiproxy.api.spi.ProviderConfig entry : table.get().providers().keySet()) {
            if (!entry.name().equals(provider)) {
                continue;
            }
            for (dev.aiproxy.api.spi.Credential c : entry.credentials()) {
                if (c.apiKey() != null ? c.apiKey().fingerprint().equals(key) : c.id().equals(key)) {
                    return c.identity(provider);
                }
            }
            throw new dev.aiproxy.api.error.NotFoundException("provider '" + provider + "' has no key with the "
                    + "fingerprint '" + key + "'");
        }
        throw new dev.aiproxy.api.error.NotFoundException("no provider entry is named '" + provider + "'");
    }

    /**
     * Adds a listener told when a key's active health check changes its verdict (healthy to unhealthy or back, or
     * its first result): how a server's event feed learns of it. Called on a health-check thread; it must be quick;
     * one that throws is logged and ignored. Thread-safe.
     */
    public void addHealthCheckListener(Consumer<HealthCheckResult> listener) {
        healthListeners.add(requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before; nothing happens when it was not. Thread-safe. */
    public void removeHealthCheckListener(Consumer<HealthCheckResult> listener) {
        healthListeners.remove(listener);
    }

    /**
     * The models that answered with token usage but have no price (neither in {@code prices:} nor in the table shipped
     * in the jar), by the name the upstream was sent: their requests are recorded with cost null.
     */
    public List<String> unpricedModels() {
        return costs.unpricedModels();
    }

    /**
     * Queries over the usage store: totals by client, model, provider, day or hour, and the request log.
     *
     * @throws IllegalStateException when the gateway was built without a {@link Builder#usageStore usage store}
     */
    public UsageQueries usage() {
        if (store == null) {
            throw new IllegalStateException("this gateway keeps no usage: build it with Gateway.builder(config)"
                    + ".usageStore(...) (the standalone server opens one from usage.store)");
        }
        return store;
    }

    /** The usage store's state, when the gateway has one. */
    public Optional<UsageStore.Status> usageStatus() {
        return store == null ? Optional.empty() : Optional.of(store.status());
    }

    /**
     * What a client, or every client together ({@code client} null), spent in the current UTC day and month, in US
     * dollars: {@code [day, month]}. Counted since start-up, plus the month's spend read from the usage store then.
     */
    public java.math.BigDecimal[] spent(String client) {
        return client == null ? ledger.spentInAll() : ledger.spent(client);
    }

    /** Whether the state several instances share is reachable now, or this instance answers from its own. */
    public StateStatus stateStatus() {
        return state.status();
    }

    /** The store of cooldowns, for the admin API and tests. */
    public CredentialCooldowns cooldowns() {
        return cooldowns;
    }

    /** Stops the health checks and closes every provider's connections. */
    @Override
    public void close() {
        checker.close();
        modelLists.close();
        table.get().providers().values().forEach(Provider::close);
    }

    private static void closeLater(List<Provider> retired) {
        if (retired.isEmpty()) {
            return;
        }
        // HttpClient.close() waits for calls in flight, so it must not hold up the reload
        Thread.ofVirtual().name("gw-retire-providers").start(() -> {
            for (Provider provider : retired) {
                try {
                    provider.close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing retired provider "
                            + provider.config().name() + " failed", e);
                }
            }
        });
    }
}
