package dev.aiproxy.server;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageStores;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code run [--config FILE] [--host HOST] [--port PORT]}, {@code version}, {@code help}. The only
 * class that writes to {@code System.out}.
 */
public final class Launcher {
    static final String VERSION = "0.1.0";
    private static final int EXIT_USAGE = 64;
    private static final int EXIT_CONFIG = 78;

    private final PrintStream out;
    private final PrintStream err;

    Launcher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        LogSetup.configure();
        int code = new Launcher(System.out, System.err).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code. {@code run} blocks until the process is stopped. */
    int execute(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        // "--help" anywhere (gateway --help, gateway keys --help) prints the commands and their options
        if (rest.contains("--help") || rest.contains("-h")) {
            usage(out);
            return 0;
        }
        String command = rest.isEmpty() || rest.getFirst().startsWith("-") ? "run" : rest.removeFirst();
        return switch (command) {
            case "run" -> run(rest);
            case "keys" -> new KeysCommand(out, err).execute(rest, this::configFile);
            case "usage" -> new UsageCommand(out, err).execute(rest, this::configFile);
            case "version", "--version" -> {
                out.println("ai-proxy-gateway " + VERSION);
                yield 0;
            }
            case "help", "--help", "-h" -> {
                usage(out);
                yield 0;
            }
            default -> {
                err.println("unknown command '" + command + "'");
                usage(err);
                yield EXIT_USAGE;
            }
        };
    }

    private int run(List<String> args) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            usage(err);
            return EXIT_USAGE;
        }
        LoadedConfig loaded;
        try {
            loaded = loadConfig(options);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        GatewayConfig config = options.apply(loaded.config());
        LogSetup.debug(config.debug());
        UsageStore store;
        try {
            store = UsageStores.open(config.usage(), baseDir(config)).orElse(null);
        } catch (UsageStoreException e) {
            err.println(e.getMessage());
            return 1;
        }
        Gateway gateway;
        GatewayServer server;
        try {
            Gateway.Builder builder = Gateway.builder(config);
            if (store != null) {
                builder.usageStore(store);
            }
            gateway = builder.build();
        } catch (IllegalArgumentException e) {
            err.println("invalid configuration: " + e.getMessage());
            closeStore(store);
            return EXIT_CONFIG;
        } catch (UsageStoreException e) {
            err.println(e.getMessage());
            closeStore(store);
            return 1;
        }
        try {
            server = GatewayServer.builder(gateway)
                    .configFile(loaded, ConfigLoader.withSystemEnvironment(), options::apply).start();
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            gateway.close();
            closeStore(store);
            return 1;
        }
        printBanner(config, gateway, server, store);
        if (server.watchesConfigFile()) {
            out.println("  reload:   watching " + config.source() + " (host and port changes need a restart)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(2));
            gateway.close();
            // after the server: every request has ended, so its record waits in the queue, which closing writes
            closeStore(store);
            stopped.countDown();
        }, "gw-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The folder {@code usage.store}'s relative path is resolved against: the config file's, else the working one. */
    static Path baseDir(GatewayConfig config) {
        return config.sourceFile().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }

    private static void closeStore(UsageStore store) {
        if (store != null) {
            store.close();
        }
    }

    /** The config file in use: {@code --config}, else {@code $GATEWAY_CONFIG}, else {@code ./config.yaml}; or null. */
    Path configFile(Path given) {
        Path file = given;
        if (file == null && System.getenv("GATEWAY_CONFIG") != null) {
            file = Path.of(System.getenv("GATEWAY_CONFIG"));
        }
        if (file == null && Files.isRegularFile(Path.of("config.yaml"))) {
            file = Path.of("config.yaml");
        }
        return file;
    }

    /** The config file's contents, or the environment's defaults (with no SHA-256) when there is no file. */
    private LoadedConfig loadConfig(RunOptions options) {
        Path file = configFile(options.config());
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

    private void printBanner(GatewayConfig config, Gateway gateway, GatewayServer server, UsageStore store) {
        String url = server.baseUrl();
        out.println("AI Proxy Gateway " + VERSION + " listening on " + url);
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
        out.println("  manage:   " + (config.management().enabled() ? url + "/v0/management/ with the management secret"
                + (config.management().allowRemote() ? " (other machines allowed)" : " (this machine only)")
                : "off (set remote-management.secret-key to turn on the management API)"));
        out.println("  SDK base URLs: OpenAI " + url + "/v1, Anthropic " + url + ", Google GenAI " + url);
        out.println("  try:      curl " + url + "/v1/chat/completions -H 'Content-Type: application/json' "
                + (config.clients().isEmpty() ? "" : "-H 'Authorization: Bearer <key>' ")
                + "-d '{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'");
        out.flush();
    }

    private static void usage(PrintStream to) {
        to.println("""
                usage: gateway <command> [options]

                commands:
                  run [--config FILE] [--host HOST] [--port PORT]   serve in the foreground (the default)
                  keys create --name NAME [--type sk-|sk-ant-|gm_] [--models GLOB,...] [--config FILE]
                                                                   a new client key, printed once
                  keys rotate --name NAME [--type ...] [--config FILE]
                                                                   a new key for a client, printed once
                  keys delete --name NAME [--config FILE]          remove a client
                  keys list [--config FILE]                        the clients' names
                  usage [--since 7d] [--by client|model|provider|day|hour,...] [--config FILE]
                                                                   usage totals from the usage store
                  usage --log [--limit N] [--client C] [--model M] [--provider P] [--status S]
                                                                   the latest requests, newest first
                  version                                          print the version
                  help                                             print this text

                Without --config, $GATEWAY_CONFIG or ./config.yaml is used when present; with neither, providers
                come from OPENAI_API_KEY, ANTHROPIC_API_KEY and GEMINI_API_KEY, and the offline model 'echo' answers.""");
    }
}
