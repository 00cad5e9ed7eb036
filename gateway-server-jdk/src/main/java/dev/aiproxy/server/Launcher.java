package dev.aiproxy.server;

import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.daemon.DaemonCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code run}, the daemon commands ({@code start}, {@code stop}, {@code status}, {@code restart},
 * {@code reload}, {@code logs}), {@code keys}, {@code usage}, {@code version}, {@code help}. It and its commands are
 * the only code that writes to {@code System.out}.
 */
public final class Launcher {
    static final String VERSION = "0.1.0";

    private final PrintStream out;
    private final PrintStream err;

    Launcher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs a command and exits with its code: {@code run} with 0 once a signal has stopped it and it has drained. */
    public static void main(String[] args) {
        LogSetup.configure();
        int code = new Launcher(System.out, System.err).execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
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
        if (DaemonCommand.handles(command)) {
            return new DaemonCommand(out, err, System.getenv(), this::configFile).execute(command, rest);
        }
        return switch (command) {
            case "run" -> new RunCommand(out, err, this::configFile).execute(rest, () -> usage(err));
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
                yield RunCommand.EXIT_USAGE;
            }
        };
    }

    /** The folder {@code usage.store}'s relative path is resolved against: the config file's, else the working one. */
    static Path baseDir(GatewayConfig config) {
        return config.sourceFile().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
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

    private static void usage(PrintStream to) {
        to.println("""
                usage: gateway <command> [options]

                commands:
                  run [--config FILE] [--host HOST] [--port PORT]   serve in the foreground (the default); SIGTERM or
                                                                   Ctrl-C drains it (shutdown-grace), then exits 0;
                                                                   --pid-file FILE and --log-file FILE as start
                                                                   gives them
                  start [--config FILE] [--host HOST] [--port PORT] [--state-dir DIR] [--pid-file FILE] [--log-file FILE]
                                                                   serve in the background; returns once /health
                                                                   answers (a running gateway is left alone)
                  stop [--config FILE] [--state-dir DIR] [--pid-file FILE]
                                                                   SIGTERM: drain, then stop
                  status [same options as stop]                    pid, uptime, URL, config, models, version; exit 0
                                                                   running, 1 dead with a pid file, 3 not running
                  restart [options of start]                       stop, then start
                  reload [same options as stop]                    re-read the config file; print what changed or
                                                                   why it was refused (exit 1)
                  logs [-n LINES] [--no-follow] [same options as stop]
                                                                   the log's last lines, then follow it
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
                come from OPENAI_API_KEY, ANTHROPIC_API_KEY and GEMINI_API_KEY, and the offline model 'echo' answers.
                The daemon's files go in --state-dir, else $GATEWAY_STATE_DIR, else the config file's folder, else
                the working folder: gateway.pid, gateway.log (rotated by logging.max-size and logging.files),
                gateway.sock (the control socket) and gateway.out (what the JVM itself prints).""");
    }
}
