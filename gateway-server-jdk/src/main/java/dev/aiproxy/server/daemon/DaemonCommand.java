package dev.aiproxy.server.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The daemon commands: {@code start}, {@code stop}, {@code status}, {@code restart}, {@code reload} and
 * {@code logs}. Their exit codes are those of LSB init scripts: {@code status} 0 running, 1 not running but the pid
 * file remains, 3 not running, 4 unknown; {@code reload} 7 when not running; {@code start} 6 for a config file that is
 * missing or refused; otherwise 0 for success and 1 for failure (a {@code start} of a running gateway and a
 * {@code stop} of a stopped one succeed).
 */
public final class DaemonCommand {
    /** LSB: the program is not running (status). */
    static final int NOT_RUNNING = 3;
    /** LSB: the program is dead and its pid file exists (status). */
    static final int DEAD_WITH_PID_FILE = 1;
    /** LSB: the status is unknown (status). */
    static final int UNKNOWN = 4;
    /** LSB: the program is not running (actions other than status). */
    static final int ACTION_NOT_RUNNING = 7;
    private static final int EXIT_USAGE = 64;
    /** How long a stopped gateway may take past its shutdown grace before {@code stop} kills it. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);
    private static final Duration RELOAD_LIMIT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final UnaryOperator<Path> configFile;

    /**
     * @param configFile the config file in use for a {@code --config} value (null when none was given): the given
     *     file, {@code $GATEWAY_CONFIG} or {@code ./config.yaml}; or null
     */
    public DaemonCommand(PrintStream out, PrintStream err, Map<String, String> environment,
            UnaryOperator<Path> configFile) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.configFile = configFile;
    }

    /** Whether {@code command} is one of the daemon commands. */
    public static boolean handles(String command) {
        return List.of("start", "stop", "status", "restart", "reload", "logs").contains(command);
    }

    /** Runs a command; returns its exit code. {@code logs} follows the log until interrupted. */
    public int execute(String command, List<String> args) {
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(command, args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        DaemonPaths paths = DaemonPaths.of(options, configFile.apply(options.config()), environment);
        return switch (command) {
            case "start" -> new DaemonStarter(out, err).start(options, paths);
            case "stop" -> stop(paths);
            case "status" -> status(paths);
            case "restart" -> {
                int stopped = stop(paths);
                yield stopped != 0 ? stopped : new DaemonStarter(out, err).start(options, paths);
            }
            case "reload" -> reload(paths);
            case "logs" -> logs(options, paths);
            default -> throw new IllegalArgumentException("not a daemon command: " + command);
        };
    }

    private int status(DaemonPaths paths) {
        DaemonProcess found = DaemonProcess.find(paths);
        switch (found.state()) {
            case PidFile.Absent absent -> {
                out.println("the gateway is not running (no pid file at " + paths.pidFile() + ")");
                return NOT_RUNNING;
            }
            case PidFile.Stale stale -> {
                out.println("the gateway is not running, but its pid file " + paths.pidFile() + " remains: "
                        + stale.reason());
                return DEAD_WITH_PID_FILE;
            }
            case PidFile.Unverified unverified -> {
                out.println("process " + unverified.process().pid() + " (from " + paths.pidFile() + ") runs, but "
                        + "whether it is the gateway is unknown: its command line cannot be read and "
                        + found.unreachable());
                return UNKNOWN;
            }
            case PidFile.Running running -> {
                printStatus(running.process(), found, paths);
                return 0;
            }
        }
    }

    private void printStatus(ProcessHandle process, DaemonProcess found, DaemonPaths paths) {
        DaemonStatus status = found.status();
        out.println("the gateway is running (pid " + process.pid() + ")");
        Instant started = status != null ? parse(status.started()) : process.info().startInstant().orElse(null);
        if (status != null) {
            out.println("  url:      " + status.url());
        }
        if (started != null) {
            out.println("  uptime:   " + uptime(Duration.between(started, Instant.now())) + " (since "
                    + started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        }
        if (status == null) {
            out.println("  details:  unavailable, " + found.unreachable());
        } else {
            out.println("  config:   " + (status.config() == null ? "none (providers from the environment)"
                    : status.config()));
            out.println("  models:   " + String.join(", ", status.models()));
            out.println("  version:  " + status.version());
            out.println("  requests: " + status.requestsInFlight() + " in flight");
            out.println("  log:      " + status.log());
        }
        out.println("  pid file: " + paths.pidFile());
    }

    private static Instant parse(String instant) {
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** {@code 2d 3h 4m 5s}, leaving out the leading zero units. */
    static String uptime(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append("h ");
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            text.append(minutes).append("m ");
        }
        return text.append(seconds % 60).append('s').toString();
    }

    /** Sends SIGTERM and waits for the drain; kills the process only when it outlives its grace by a margin. */
    int stop(DaemonPaths paths) {
        PidFile pidFile = new PidFile(paths.pidFile());
        DaemonProcess found = DaemonProcess.find(paths);
        switch (found.state()) {
            case PidFile.Absent absent -> {
                out.println("the gateway is not running (no pid file at " + paths.pidFile() + ")");
                return 0;
            }
            case PidFile.Stale stale -> {
                pidFile.delete();
                out.println("the gateway is not running; removed its stale pid file " + paths.pidFile() + ": "
                        + stale.reason());
                return 0;
            }
            case PidFile.Unverified unverified -> {
                err.println("not stopping process " + unverified.process().pid() + " (from " + paths.pidFile()
                        + "): it cannot be confirmed as the gateway, since its command line cannot be read and "
                        + found.unreachable());
                return 1;
            }
            case PidFile.Running running -> {
                return stop(running.process(), found.status(), pidFile, paths);
            }
        }
    }

    private int stop(ProcessHandle process, DaemonStatus status, PidFile pidFile, DaemonPaths paths) {
        Duration grace = status != null ? Duration.ofMillis(status.shutdownGraceMillis())
                : dev.aiproxy.routing.config.GatewayConfig.DEFAULT_SHUTDOWN_GRACE;
        out.println("stopping the gateway (pid " + process.pid() + "): requests in flight have up to "
                + uptime(grace) + " to finish");
        out.flush();
        if (!process.destroy()) {
            err.println("cannot send SIGTERM to process " + process.pid() + " (is it another user's?)");
            return 1;
        }
        Duration limit = grace.plus(STOP_MARGIN);
        if (awaitExit(process, limit)) {
            pidFile.release(process.pid());
            String drained = drainLine(paths.logFile());
            out.println(drained != null ? drained : "stopped");
            return 0;
        }
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
        pidFile.release(process.pid());
        err.println("the gateway (pid " + process.pid() + ") did not stop within " + uptime(limit)
                + " of SIGTERM, so it was killed (SIGKILL); see " + paths.logFile());
        return 1;
    }

    private static boolean awaitExit(ProcessHandle process, Duration limit) {
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The log's last "stopped after draining" line, without its time stamp; or null. */
    private static String drainLine(Path log) {
        try {
            List<String> lines = LogTail.lastLines(log, 50);
            for (int i = lines.size() - 1; i >= 0; i--) {
                int at = lines.get(i).indexOf("stopped after draining");
                if (at >= 0) {
                    return lines.get(i).substring(at);
                }
            }
        } catch (IOException e) {
            // the stop succeeded; only its summary is missing
        }
        return null;
    }

    private int reload(DaemonPaths paths) {
        DaemonProcess found = DaemonProcess.find(paths);
        if (found.running() == null) {
            err.println("the gateway is not running (" + describe(found, paths) + "): there is nothing to reload");
            return ACTION_NOT_RUNNING;
        }
        ReloadReport report;
        try {
            report = ControlClient.ask(paths.socket(), "reload", RELOAD_LIMIT).reload();
        } catch (IOException e) {
            err.println("cannot ask the gateway (pid " + found.running().pid() + ") to reload: " + e.getMessage());
            return 1;
        }
        PrintStream to = report.succeeded() ? out : err;
        to.println(report.message());
        for (String problem : report.problems()) {
            if (!report.message().contains(problem)) {
                to.println("  " + problem);
            }
        }
        for (String warning : report.warnings()) {
            to.println("  warning: " + warning);
        }
        if (!report.changes().isEmpty()) {
            to.println(report.outcome().equals("UNCHANGED")
                    ? "  already live (the file watcher applied the edit):" : "  changes:");
            report.changes().forEach(change -> to.println("    " + change));
        }
        return report.succeeded() ? 0 : 1;
    }

    private static String describe(DaemonProcess found, DaemonPaths paths) {
        return switch (found.state()) {
            case PidFile.Absent absent -> "no pid file at " + paths.pidFile();
            case PidFile.Stale stale -> "stale pid file " + paths.pidFile() + ": " + stale.reason();
            case PidFile.Unverified unverified -> "process " + unverified.process().pid()
                    + " cannot be confirmed as the gateway: " + found.unreachable();
            case PidFile.Running running -> "pid " + running.process().pid();
        };
    }

    private int logs(DaemonOptions options, DaemonPaths paths) {
        try {
            if (!options.follow()) {
                if (!java.nio.file.Files.exists(paths.logFile())) {
                    err.println("no log file at " + paths.logFile());
                    return 1;
                }
                LogTail.lastLines(paths.logFile(), options.lines()).forEach(out::println);
                return 0;
            }
            LogTail.follow(paths.logFile(), options.lines(), out);
            return 0;
        } catch (IOException e) {
            err.println("cannot read " + paths.logFile() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
