package dev.aiproxy.server;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.aiproxy.routing.ConfigFileWatcher;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ReloadCheck;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.server.feed.EventFeed;
import dev.aiproxy.server.feed.EventsResource;
import dev.aiproxy.server.feed.LiveFeed;
import dev.aiproxy.server.feed.RequestsInFlight;
import dev.aiproxy.server.internal.ApiHandler;
import dev.aiproxy.server.internal.Drain;
import dev.aiproxy.server.internal.ServerMetrics;
import dev.aiproxy.server.management.BudgetsResource;
import dev.aiproxy.server.management.ClientsResource;
import dev.aiproxy.server.management.ConfigFile;
import dev.aiproxy.server.management.ConfigResource;
import dev.aiproxy.server.management.HealthResource;
import dev.aiproxy.server.management.ManagementApi;
import dev.aiproxy.server.management.ManagementGuard;
import dev.aiproxy.server.management.MetricsEndpoint;
import dev.aiproxy.server.management.ModelsResource;
import dev.aiproxy.server.management.OpenApiResource;
import dev.aiproxy.server.management.ProvidersResource;
import dev.aiproxy.server.management.UsageResource;
import dev.aiproxy.server.requestlog.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The gateway's HTTP server: {@code com.sun.net.httpserver} with one virtual thread per request, serving the client
 * APIs over a {@link Gateway}. Binds the host and port of the gateway's config.
 */
public final class GatewayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
    /** Kept-alive connections the server holds idle at once (sun.net.httpserver.maxIdleConnections). */
    static final int MAX_IDLE_CONNECTIONS = 4096;
    /** How long a kept-alive connection may stay idle (sun.net.httpserver.idleInterval). */
    static final Duration IDLE_INTERVAL = Duration.ofSeconds(75);

    static {
        // Every setting here is read once, when the JDK server's classes first load, so it must be set before: an
        // embedding application gets them too, unless it set the property itself (-D wins).
        // Without TCP_NODELAY each SSE event waits for Nagle and the client's delayed ACK (44 ms instead of 0.9 ms
        // for a 20-event stream).
        setDefault("sun.net.httpserver.nodelay", "true");
        // The JDK server's header limits only stop absurd requests: it closes their connection, since it cannot
        // answer with a status. Requests between these and the gateway's own limits (100 lines, 64 KiB) get a 431
        // in their client's format from HeaderLimits.
        setDefault("sun.net.httpserver.maxReqHeaders", "1000");
        setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(1024 * 1024));
        // A request must arrive within this many seconds, so slow senders cannot hold connections forever.
        setDefault("sun.net.httpserver.maxReqTime", "120");
        // No limit on sending an answer (maxRspTime stays unset): a stream lasts as long as the model generates, and
        // the gateway's own idle timeout (timeouts.idle) already ends one whose upstream went silent.
        // Kept-alive connections: the JDK closes a connection that goes idle while MAX_IDLE_CONNECTIONS others are,
        // 200 by default, so the 201st client of a busy gateway saw its connection dropped on its next request. Each
        // idle connection holds about 18 KiB of buffers: 4,096 of them fit the launcher's 256 MiB heap.
        setDefault("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        // An idle kept-alive connection is closed after this many seconds (the JDK's default is 30), nginx's
        // keepalive_timeout: longer than common clients keep theirs (httpx 5 s, Node 4-5 s), so they close first.
        setDefault("sun.net.httpserver.idleInterval", Long.toString(IDLE_INTERVAL.toSeconds()));
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Gateway gateway;
    private final ReloadCheck reloadCheck;
    private final ConfigFileWatcher watcher;
    private final Consumer<ReloadOutcome> onReload;
    private final ServerMetrics metrics;
    private final LiveFeed feed;
    private final RequestLog requestLog;
    private final RequestsInFlight inFlight;
    private final Drain drain;
    private final java.util.concurrent.locks.ReentrantLock stopping = new java.util.concurrent.locks.ReentrantLock();
    private Drained stopped;

    private GatewayServer(HttpServer server, ExecutorService executor, Gateway gateway, ReloadCheck reloadCheck,
            ConfigFileWatcher watcher, Consumer<ReloadOutcome> onReload, ServerMetrics metrics, LiveFeed feed,
            RequestLog requestLog, RequestsInFlight inFlight, Drain drain) {
        this.server = server;
        this.executor = executor;
        this.gateway = gateway;
        this.reloadCheck = reloadCheck;
        this.watcher = watcher;
        this.onReload = onReload;
        this.metrics = metrics;
        this.feed = feed;
        this.requestLog = requestLog;
        this.inFlight = inFlight;
        this.drain = drain;
    }

    /**
     * Binds and starts serving. Until the server is closed, the gateway's reloads are judged as this start was: a
     * config without client keys is refused while the server listens beyond loopback, or when the config itself asks
     * for a non-loopback address. The management API has no config file to edit; {@link #builder} gives it one. The
     * server records the gateway's meters and the JVM's into a Prometheus registry of its own, which {@code /metrics}
     * serves, from now until it stops.
     *
     * @throws IllegalStateException when the config asks for a non-loopback address but has no client keys
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static GatewayServer start(Gateway gateway) {
        return builder(gateway).start();
    }

    /** A server for an embedding application that wants more than {@link #start(Gateway)}: a watched config file. */
    public static Builder builder(Gateway gateway) {
        return new Builder(requireNonNull(gateway, "gateway"));
    }

    /** Options of a server before it starts. Not thread-safe. */
    public static final class Builder {
        private final Gateway gateway;
        private LoadedConfig loaded;
        private ConfigLoader loader;
        private UnaryOperator<GatewayConfig> adjust = c -> c;
        private Consumer<ReloadOutcome> onReload = outcome -> { };
        private Duration debounce = ConfigFileWatcher.DEFAULT_DEBOUNCE;
        private int feedCapacity = EventFeed.DEFAULT_CAPACITY;
        private int feedRequestsPerSecond = EventFeed.REQUESTS_PER_SECOND;

        private Builder(Gateway gateway) {
            this.gateway = gateway;
        }

        /**
         * Watches the file the gateway's config was loaded from (with its clients and CA files) and reloads it when it
         * changes; the management API reads and edits it. The watcher starts once the server's own reload check is
         * in place, so no reload escapes it, and stops with the server.
         *
         * @param loaded the config as loaded, so untouched files are not reloaded; one not loaded from a file is
         *     ignored
         * @param adjust applied to every reloaded config before it goes live (command-line overrides)
         */
        public Builder configFile(LoadedConfig loaded, ConfigLoader loader, UnaryOperator<GatewayConfig> adjust) {
            this.loaded = requireNonNull(loaded, "loaded");
            this.loader = requireNonNull(loader, "loader");
            this.adjust = requireNonNull(adjust, "adjust");
            return this;
        }

        /** Told of every reload's outcome, on the reloading thread. */
        public Builder onReload(Consumer<ReloadOutcome> listener) {
            this.onReload = requireNonNull(listener, "listener");
            return this;
        }

        /** How long writes to the watched files must be quiet before a reload; 300 ms by default. */
        public Builder reloadDebounce(Duration debounce) {
            this.debounce = requireNonNull(debounce, "debounce");
            return this;
        }

        /**
         * How many recent events the feed keeps for resuming, and how many request events it carries a second: tests
         * make the one small and the other large to see a subscriber dropped.
         */
        Builder feed(int capacity, int requestsPerSecond) {
            this.feedCapacity = capacity;
            this.feedRequestsPerSecond = requestsPerSecond;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws IllegalStateException when the config asks for a non-loopback address but has no client keys
         * @throws UncheckedIOException when the address cannot be bound
         */
        public GatewayServer start() {
            return GatewayServer.start(this);
        }
    }

    /** Starts with an event feed of its own size: tests make it small to see a subscriber dropped. */
    static GatewayServer start(Gateway gateway, int feedCapacity, int feedRequestsPerSecond) {
        return builder(gateway).feed(feedCapacity, feedRequestsPerSecond).start();
    }

    private static GatewayServer start(Builder options) {
        Gateway gateway = options.gateway;
        GatewayConfig config = gateway.config();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        requireKeysBeyondLoopback(config, address);
        ThreadFactory threads = Thread.ofVirtual().name("gw-", 0)
                .uncaughtExceptionHandler((t, e) -> LOG.log(System.Logger.Level.ERROR, "uncaught in " + t, e))
                .factory();
        RequestLog requestLog = RequestLog.start(config.logging(), Launcher.baseDir(config));
        ExecutorService executor = Executors.newThreadPerTaskExecutor(threads);
        HttpServer server;
        try {
            server = HttpServer.create(address, 1024);
        } catch (IOException e) {
            requestLog.close();
            executor.close();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        RequestsInFlight inFlight = new RequestsInFlight();
        LiveFeed feed = LiveFeed.start(gateway, inFlight, Clock.systemUTC(), options.feedCapacity,
                options.feedRequestsPerSecond);
        gateway.addUsageListener(requestLog);
        InetAddress listening = address.getAddress();
        ReloadCheck check = next -> requireKeysOnReload(next, config.host(), listening, server.getAddress());
        gateway.addReloadCheck(check);
        Consumer<ReloadOutcome> onReload = options.onReload.andThen(feed::reloaded);
        ConfigFileWatcher watcher = watch(options, onReload);
        ConfigFile configFile = watcher == null ? null : new ConfigFile(gateway, config.source(), options.loader,
                options.adjust, watcher, onReload);
        ServerMetrics metrics = ServerMetrics.start(gateway);
        server.setExecutor(executor);
        // one guard for both, so wrong secrets sent to either count towards the same limit
        ManagementGuard guard = new ManagementGuard();
        Drain drain = new Drain();
        server.createContext("/", new ApiHandler(gateway, config.host(), management(gateway, guard,
                () -> configFile, feed.feed()), new MetricsEndpoint(guard, metrics.registry()), inFlight, drain));
        server.start();
        return new GatewayServer(server, executor, gateway, check, watcher, onReload, metrics, feed, requestLog,
                inFlight, drain);
    }

    /** The watcher of the builder's config file, or null when there is none or it cannot be watched (logged). */
    private static ConfigFileWatcher watch(Builder options, Consumer<ReloadOutcome> onReload) {
        if (options.loaded == null || options.loaded.config().source() == null) {
            return null;
        }
        try {
            return ConfigFileWatcher.start(options.gateway, options.loaded, options.loader, options.adjust,
                    onReload, options.debounce);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot watch " + options.loaded.config().source()
                    + " for changes, so it is neither reloaded nor editable through the management API: "
                    + e.getMessage());
            return null;
        }
    }

    /** The management API and its resources; every route is in its openapi.json (OpenApiDocumentTest). */
    static ManagementApi management(Gateway gateway) {
        return management(gateway, new ManagementGuard(), () -> null, new EventFeed(1, EventFeed.REQUESTS_PER_SECOND, Clock.systemUTC()));
    }

    private static ManagementApi management(Gateway gateway, ManagementGuard guard,
            Supplier<ConfigFile> configFile, EventFeed feed) {
        Clock clock = Clock.systemUTC();
        return new ManagementApi(guard, List.of(new OpenApiResource(),
                new UsageResource(gateway, clock), new ConfigResource(configFile),
                new ClientsResource(gateway, configFile), new ModelsResource(gateway, configFile),
                new EventsResource(feed), new ProvidersResource(gateway, configFile), new HealthResource(gateway),
                new BudgetsResource(gateway, clock)));
    }

    private static void requireKeysBeyondLoopback(GatewayConfig config, InetSocketAddress address) {
        if (!config.clients().isEmpty()) {
            return;
        }
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new UncheckedIOException(new UnknownHostException("cannot resolve host '" + config.host() + "'"));
        }
        if (!ip.isLoopbackAddress()) {
            throw new IllegalStateException("refusing to listen on " + config.host() + " without client keys: "
                    + "anyone who can reach this port could spend your provider keys. Add 'api-keys' to the "
                    + "config, or listen on 127.0.0.1");
        }
    }

    /**
     * What start-up checks, applied to a config about to replace the running one: the listener stays where it is (a
     * host change needs a restart), so a config without client keys must not go live while it is beyond loopback,
     * and a config whose own host is beyond loopback needs keys as it would at start-up.
     */
    private static void requireKeysOnReload(GatewayConfig next, String host, InetAddress listening,
            InetSocketAddress bound) {
        if (!next.clients().isEmpty()) {
            return;
        }
        if (!listening.isLoopbackAddress()) {
            throw new IllegalStateException("the server listens on " + host + ":" + bound.getPort() + ", beyond "
                    + "loopback, and this config has no client keys: anyone who can reach the port could spend your "
                    + "provider keys. Keep 'api-keys' (or 'clients') in the config");
        }
        if (!next.host().equals(host)) {
            try {
                requireKeysBeyondLoopback(next, new InetSocketAddress(next.host(), next.port()));
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Whether the server watches its config file (and the management API may edit it). */
    public boolean watchesConfigFile() {
        return watcher != null;
    }

    /**
     * Reads the watched config file now and makes it live when it changed and is valid, exactly as the watcher does
     * when the file changes: what {@code gateway reload} asks for. The reload's listeners and the event feed are told
     * of the outcome. Blocks while another reload runs.
     *
     * @return the outcome, or empty when the server watches no config file
     */
    public Optional<ReloadOutcome> reloadConfigFile() {
        if (watcher == null) {
            return Optional.empty();
        }
        ReloadOutcome outcome = watcher.reloadNow();
        onReload.accept(outcome);
        return Optional.of(outcome);
    }

    /**
     * Ends the grace of the stop that runs, or of the next one, as though it had run out (what a second SIGTERM or
     * Ctrl-C asks for, which may come before the first one's stop has begun): the streams still running end with
     * their error event at once. Thread-safe.
     */
    void endGraceNow() {
        drain.endGraceNow();
    }

    /** Whether {@link #stop} has begun: new requests are refused. */
    boolean draining() {
        return drain.draining();
    }

    /** The client requests being served now. */
    public long requestsInFlight() {
        return inFlight.count();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL clients use, such as {@code http://127.0.0.1:8317}. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Tells the event feed's subscribers how a config reload went: a {@code state} event, {@code config_reloaded} or
     * {@code config_rejected}. The server's own watcher ({@link Builder#configFile}) does; an embedder that watches
     * its file itself may call it. Thread-safe; never blocks.
     */
    public void reloaded(ReloadOutcome outcome) {
        feed.reloaded(outcome);
    }

    /**
     * Stops the server, draining it: stops accepting at once (new connections are refused; a request that arrives on
     * an open connection gets 503 in its client's format, with {@code Connection: close}), lets the client requests in
     * flight finish for up to {@code grace}, then ends the streams still running with an error event in their
     * client's format, never as if they were complete, and closes the connections left (a non-streamed answer still
     * waiting for its upstream). The event feed's streams end first, since they would otherwise use the whole grace;
     * the request log writes the last requests' lines. Blocks until the server has stopped: at most {@code grace} and
     * a few seconds. A second call returns what the first did. Thread-safe.
     *
     * @return what was drained
     */
    public Drained stop(Duration grace) {
        stopping.lock();
        try {
            if (stopped == null) {
                stopped = drain(grace);
            }
            return stopped;
        } finally {
            stopping.unlock();
        }
    }

    private Drained drain(Duration grace) {
        long start = System.nanoTime();
        drain.begin();
        long requests = inFlight.count();
        LOG.log(System.Logger.Level.INFO, () -> "stopping: new requests are refused; " + requests
                + (requests == 1 ? " request" : " requests") + " in flight " + (requests == 1 ? "has" : "have")
                + " up to " + grace.toMillis() + " ms to finish");
        if (watcher != null) {
            watcher.close();
        }
        gateway.removeReloadCheck(reloadCheck);
        feed.close();
        int ended = drain.stop(server, inFlight, grace);
        executor.shutdownNow();
        metrics.close();
        gateway.removeUsageListener(requestLog);
        requestLog.close();
        return new Drained(requests, ended, drain.refused(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Stops with no grace: streams still open end with an error event at once. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
