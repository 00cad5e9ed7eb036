package dev.aiproxy.server.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code start}: launches {@code run} as a background process of its own (the same Java, its JVM options and class
 * path) with a pid file and a rotated log file, and returns once the server answers {@code /health}. A gateway that
 * already runs for the same pid file is reported and left alone; a stale pid file is replaced. When the server does
 * not come up, the last lines of its log say why.
 */
final class DaemonStarter {
    /** How long a start may take: a JVM starting on a loaded machine, then the config, the usage store, the server. */
    static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ASK = Duration.ofSeconds(2);
    private static final int LOG_LINES_SHOWN = 20;
    /** LSB: the program is not configured; for a config file that is missing or that {@code run} refused. */
    static final int NOT_CONFIGURED = 6;
    /** What {@code run} exits with for a config it refuses (EX_CONFIG). */
    private static final int RUN_CONFIG_ERROR = 78;
    /** JVM options a daemon must not inherit: a debugger's would fight over its port. */
    private static final List<String> NOT_INHERITED = List.of("-agentlib:jdwp", "-Xrunjdwp", "-Xdebug");

    private final PrintStream out;
    private final PrintStream err;

    DaemonStarter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int start(DaemonOptions options, DaemonPaths paths) {
        DaemonProcess found = DaemonProcess.find(paths);
        switch (found.state()) {
            case PidFile.Running running -> {
                DaemonStatus status = found.status();
                out.println("the gateway is already running (pid " + running.process().pid() + ")"
                        + (status != null ? " at " + status.url() : "; " + found.unreachable()));
                return 0;
            }
            case PidFile.Unverified unverified -> {
                err.println("not starting: the pid file " + paths.pidFile() + " names process "
                        + unverified.process().pid() + ", which runs but cannot be confirmed as the gateway ("
                        + found.unreachable() + "); remove the pid file if that process is not a gateway");
                return 1;
            }
            case PidFile.Stale stale -> {
                new PidFile(paths.pidFile()).delete();
                out.println("removed the stale pid file " + paths.pidFile() + ": " + stale.reason());
            }
            case PidFile.Absent absent -> {
                // the usual case
            }
        }
        if (paths.config() != null && !Files.isRegularFile(paths.config())) {
            err.println("config file not found: " + paths.config());
            return NOT_CONFIGURED;
        }
        try {
            ControlSocket.checkLength(paths.socket());
            Files.createDirectories(paths.pidFile().getParent());
            Files.createDirectories(paths.logFile().getParent());
        } catch (IllegalArgumentException | IOException e) {
            err.println("cannot start: " + e.getMessage());
            return 1;
        }
        long logBefore = size(paths.logFile());
        Process process;
        try {
            process = new ProcessBuilder(command(options, paths))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(paths.jvmOutput().toFile()))
                    .start();
        } catch (IOException e) {
            err.println("cannot start the gateway's process: " + e.getMessage());
            return 1;
        }
        return awaitHealthy(process, paths, logBefore);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until the new process answers for itself and its {@code /health} answers, or until it gives up. */
    /** @param logBefore the log's size before the process started: what it wrote is after that */
    private int awaitHealthy(Process process, DaemonPaths paths, long logBefore) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                int failed = failed("the gateway exited with status " + process.exitValue() + " before it served",
                        paths, logBefore);
                return process.exitValue() == RUN_CONFIG_ERROR ? NOT_CONFIGURED : failed;
            }
            DaemonStatus status = ask(paths);
            if (status != null && status.pid() == process.pid() && healthAnswers(status.url())) {
                out.println("the gateway started (pid " + process.pid() + "): " + status.url());
                out.println("  config:   " + (status.config() == null ? "none (providers from the environment)"
                        : status.config()));
                out.println("  models:   " + String.join(", ", status.models()));
                out.println("  log:      " + paths.logFile() + " (follow it: gateway logs)");
                out.println("  pid file: " + paths.pidFile());
                return 0;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted while waiting for the gateway (pid " + process.pid() + "), which goes on "
                        + "starting", paths, logBefore);
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failed("the gateway did not answer /health within " + START_LIMIT.toSeconds() + " s, so it was "
                + "stopped", paths, logBefore);
    }

    private static DaemonStatus ask(DaemonPaths paths) {
        if (!Files.exists(paths.socket())) {
            return null;
        }
        try {
            return ControlClient.ask(paths.socket(), "status", ASK).status();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code /health} answers at all: 200 when every model can serve, 503 when some cannot. */
    private static boolean healthAnswers(String baseUrl) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/health").toURL()
                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) ASK.toMillis());
            connection.setReadTimeout((int) ASK.toMillis());
            int status = connection.getResponseCode();
            connection.disconnect();
            return status == 200 || status == 503;
        } catch (IOException e) {
            return false;
        }
    }

    /** Says why, with the last lines this start's process wrote to the log, and what the JVM itself printed. */
    private int failed(String why, DaemonPaths paths, long logBefore) {
        err.println(why + ". The last lines of " + paths.logFile() + ":");
        printTail(paths.logFile(), logBefore);
        if (size(paths.jvmOutput()) > 0) {
            err.println("and of " + paths.jvmOutput() + " (what the JVM itself wrote):");
            printTail(paths.jvmOutput(), 0);
        }
        return 1;
    }

    private void printTail(Path file, long from) {
        try {
            List<String> lines = LogTail.lastLinesSince(file, from, LOG_LINES_SHOWN);
            if (lines.isEmpty()) {
                err.println("  (empty)");
            }
            lines.forEach(line -> err.println("  " + line));
        } catch (IOException e) {
            err.println("  (cannot read it: " + e.getMessage() + ")");
        }
    }

    /** The command line of the daemon: this Java, its JVM options, its class path, then {@code run}. */
    static List<String> command(DaemonOptions options, DaemonPaths paths) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                command.add(option);
            }
        }
        List<String> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList();
        if (classPath.size() == 1 && classPath.getFirst().endsWith(".jar")) {
            command.add("-jar");
            command.add(classPath.getFirst());
        } else {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath));
            command.add("dev.aiproxy.server.Launcher");
        }
        command.add("run");
        if (paths.config() != null) {
            command.add("--config");
            command.add(paths.config().toString());
        }
        if (options.host() != null) {
            command.add("--host");
            command.add(options.host());
        }
        if (options.port() != null) {
            command.add("--port");
            command.add(options.port().toString());
        }
        command.add("--pid-file");
        command.add(paths.pidFile().toString());
        command.add("--log-file");
        command.add(paths.logFile().toString());
        return command;
    }
}
