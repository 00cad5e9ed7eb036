package dev.aiproxy.server;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.routing.config.LogSettings;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.SharedStates;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageStores;
import dev.aiproxy.server.daemon.ControlSocket;
import dev.aiproxy.server.daemon.DaemonControl;
import dev.aiproxy.server.daemon.DaemonPaths;
import dev.aiproxy.server.daemon.PidFile;
import dev.aiproxy.server.daemon.RotatingLogFile;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code run}: serves in the foreground until a signal stops it, then drains ({@link GatewayServer#stop}), writes the
 * usage records still queued, logs what it drained and returns 0. With {@code --log-file} (as {@code start} runs it)
 * its output goes to that file, rotated by size; with {@code --pid-file}, it writes its process id there and answers
 * {@code status} and {@code reload} on the control socket beside it.
 */
final class RunCommand {
    private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());
    static final int EXIT_USAGE = 64;
    static final int EXIT_CONFIG = 78;

    private PrintStream out;
    private PrintStream err;
    private final UnaryOperator<Path> configFile;

    /** @param configFile the config file in use for a {@code --config} value (null when none was given), or null */
    RunCommand(PrintStream out, PrintStream err, UnaryOperator<Path> configFile) {
        this.out = out;
        this.err = err;
        this.configFile = configFile;
    }

    /** Runs until stopped; returns the exit code. Blocks. */
    int execute(List<String> args, Runnable usage) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            usage.run();
            return EXIT_USAGE;
        }
        RotatingLogFile log = null;
        if (options.logFile() != null) {
            try {
                log = RotatingLogFile.open(options.logFile(), LogSettings.DEFAULTS.maxSizeBytes(),
                        LogSettings.DEFAULTS.files());
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                return 1;
            }
            logTo(log);
        }
        long pid = ProcessHandle.current().pid();
        PidFile pidFile = options.pidFile() == null ? null : new PidFile(options.pidFile());
        if (pidFile != null) {
            try {
                pidFile.claim(pid);
            } catch (IllegalStateException | UncheckedIOException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        try {
            return serve(options, log, pidFile);
        } finally {
            if (pidFile != null) {
                pidFile.release(pid);
            }
        }
    }

    /** Sends standard output and error, and the log's lines, to the rotating file. */
    private void logTo(RotatingLogFile log) {
        PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(stream);
        System.setErr(stream);
        LogSetup.configure();
        out = stream;
        err = stream;
    }

    private int serve(RunOptions options, RotatingLogFile log, PidFile pidFile) {
        LoadedConfig loaded;
        try {
            loaded = loadConfig(options);
        } catch (ConfigException | UncheckedIOException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        GatewayConfig config = options.apply(loaded.config());
        LogSetup.debug(config.debug());
        if (log != null) {
            log.limits(config.logging().maxSizeBytes(), config.logging().files());
        }
        UsageStore store;
        try {
            store = UsageStores.open(config.usage(), Launcher.baseDir(config)).orElse(null);
        } catch (UsageStoreException e) {
            err.println(e.getMessage());
            return 1;
        }
        SharedState state;
        try {
            state = SharedStates.open(config.state(), Clock.systemUTC());
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            closeStore(store);
            return 1;
        }
        Gateway gateway;
        try {
            Gateway.Builder builder = Gateway.builder(config).state(state);
            if (store != null) {
                builder.usageStore(store);
            }
            gateway = builder.build();
        } catch (IllegalArgumentException e) {
            err.println("invalid configuration: " + e.getMessage());
            state.close();
            closeStore(store);
            return EXIT_CONFIG;
        } catch (UsageStoreException e) {
            err.println(e.getMessage());
            state.close();
            closeStore(store);
            return 1;
        }
        GatewayServer server;
        try {
            server = GatewayServer.builder(gateway)
                    .configFile(loaded, ConfigLoader.withSystemEnvironment(), options::apply).start();
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            gateway.close();
            state.close();
            closeStore(store);
            return 1;
        }
        ServingProcess process = new ServingProcess(server, gateway, store, state, pidFile);
        Runtime.getRuntime().addShutdownHook(new Thread(process::stop, "gw-shutdown"));
        // before the control socket opens: `start` reports the daemon started once it answers there, and from then
        // on a SIGHUP must reload it and a SIGTERM drain it, not find the JVM's own handlers
        StopSignals.install(process::requestStop, server::endGraceNow,
                pidFile == null ? null : () -> reload(server), log != null);
        if (pidFile != null) {
            try {
                process.controlledThrough(ControlSocket.open(DaemonPaths.socketFor(pidFile.path()),
                        new DaemonControl(server, gateway, Launcher.VERSION,
                                log != null ? log.file().toAbsolutePath() : Path.of("-"))));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println(e.getMessage());
                process.stop();
                return 1;
            }
        }
        printBanner(config, gateway, server, store, pidFile);
        process.awaitStopRequest();
        process.stop();
        return 0;
    }

    /** A reload on SIGHUP; the watcher logs one that applied or was refused, and this one that found no change. */
    private static void reload(GatewayServer server) {
        server.reloadConfigFile().filter(outcome -> outcome.kind() == ReloadOutcome.Kind.UNCHANGED)
                .ifPresent(outcome -> LOG.log(System.Logger.Level.INFO, outcome.message()));
    }

    private static void closeStore(UsageStore store) {
        if (store != null) {
            store.close();
        }
    }

    /** The config file's contents, or the environment's defaults (with no SHA-256) when there is no file. */
    private LoadedConfig loadConfig(RunOptions options) {
        Path file = configFile.apply(options.config());
        if (file == null) {
            return new LoadedConfig(GatewayConfig.fromEnvironment(System.getenv()), List.of(), "", List.of());
        }
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("config file not found: " + file));
        }
        LoadedConfig loaded = ConfigLoader.withSystemEnvironment().load(file);
        for (ConfigProblem warning : loaded.warnings()) {
            err.println("warning: " + warning);
        }
        return loaded;
    }

    private void printBanner(GatewayConfig config, Gateway gateway, GatewayServer server, UsageStore store,
            PidFile pidFile) {
        String url = server.baseUrl();
        out.println("AI Proxy Gateway " + Launcher.VERSION + " listening on " + url);
        out.println("  config:   " + config.sourceFile().map(Path::toString)
                .orElse("none (providers from OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY when set)"));
        List<String> models = gateway.models().stream().map(ModelInfo::id).toList();
        out.println("  models:   " + String.join(", ", models));
        if (config.clients().isEmpty()) {
            out.println("  auth:     none needed: no client keys are configured, so only this machine may connect");
        } else {
            out.println("  auth:     send one of the " + config.clients().size() + " clients' keys as "
                    + "'Authorization: Bearer <key>' (or x-api-key, x-goog-api-key, ?key=)");
        }
        out.println("  usage:    " + (store == null ? "not kept (usage.store: none)"
                : store.status().description() + (config.usage().retentionDays() == 0 ? ", kept forever"
                : ", kept " + config.usage().retentionDays() + " days") + "; see it with: gateway usage"));
        if (config.state().shared()) {
            out.println("  state:    shared through " + gateway.stateStatus().description()
                    + " (cooldowns, rate limits, budgets, conversations, cache)");
        }
        out.println("  manage:   " + (config.management().enabled() ? url + "/v0/management/ with the management secret"
                + (config.management().allowRemote() ? " (other machines allowed)" : " (this machine only)")
                : "off (set remote-management.secret-key to turn on the management API)"));
        out.println("  SDK base URLs: OpenAI " + url + "/v1, Anthropic " + url + ", Google GenAI " + url);
        out.println("  try:      curl " + url + "/v1/chat/completions -H 'Content-Type: application/json' "
                + (config.clients().isEmpty() ? "" : "-H 'Authorization: Bearer <key>' ")
                + "-d '{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'");
        if (pidFile != null) {
            out.println("  pid:      " + ProcessHandle.current().pid() + " (in " + pidFile.path() + ")");
        }
        if (server.watchesConfigFile()) {
            out.println("  reload:   watching " + config.source() + " (host and port changes need a restart)");
        }
        out.flush();
    }
}
