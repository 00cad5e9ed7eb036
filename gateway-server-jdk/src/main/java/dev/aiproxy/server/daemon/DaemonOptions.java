package dev.aiproxy.server.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The options of the daemon commands ({@code start}, {@code stop}, {@code status}, {@code restart}, {@code reload},
 * {@code logs}). Each may be null (or the default) when not given.
 *
 * @param config the config file ({@code --config})
 * @param host the address to listen on, for {@code start} ({@code --host})
 * @param port the port to listen on, for {@code start} ({@code --port})
 * @param stateDir where the pid file, the log file and the control socket go ({@code --state-dir})
 * @param pidFile the pid file, when not in the state folder ({@code --pid-file})
 * @param logFile the log file, when not in the state folder ({@code --log-file})
 * @param lines how many of the log's last lines {@code logs} shows ({@code -n})
 * @param follow whether {@code logs} goes on showing lines as they are written (unless {@code --no-follow})
 */
public record DaemonOptions(Path config, String host, Integer port, Path stateDir, Path pidFile, Path logFile,
        int lines, boolean follow) {
    /** The lines {@code logs} shows when not told. */
    public static final int DEFAULT_LINES = 20;

    private static final Set<String> WITH_VALUE = Set.of("--config", "-c", "--host", "--port", "-p", "--state-dir",
            "--pid-file", "--log-file", "-n", "--lines");
    private static final Set<String> LOGS_ONLY = Set.of("-n", "--lines", "--no-follow", "-f", "--follow");
    private static final Set<String> START_ONLY = Set.of("--host", "--port", "-p");

    /**
     * Reads the options of one command.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    public static DaemonOptions parse(String command, List<String> args) {
        Path config = null;
        String host = null;
        Integer port = null;
        Path stateDir = null;
        Path pidFile = null;
        Path logFile = null;
        int lines = DEFAULT_LINES;
        boolean follow = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean known = WITH_VALUE.contains(name) || LOGS_ONLY.contains(name);
            if (!known || (LOGS_ONLY.contains(name) && !command.equals("logs"))
                    || (START_ONLY.contains(name) && !command.equals("start") && !command.equals("restart"))) {
                throw new IllegalArgumentException(name.startsWith("-") ? command + ": unknown option '" + name + "'"
                        : command + ": unexpected argument '" + name + "'");
            }
            if (name.equals("--no-follow")) {
                follow = false;
                continue;
            }
            if (name.equals("-f") || name.equals("--follow")) {
                follow = true;
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            switch (name) {
                case "--config", "-c" -> config = Path.of(value);
                case "--host" -> host = value;
                case "--port", "-p" -> port = number(name, value, 0, 65535);
                case "--state-dir" -> stateDir = Path.of(value);
                case "--pid-file" -> pidFile = Path.of(value);
                case "--log-file" -> logFile = Path.of(value);
                default -> lines = number(name, value, 0, 1_000_000);
            }
        }
        return new DaemonOptions(config, host, port, stateDir, pidFile, logFile, lines, follow);
    }

    private static int number(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got \"" + value + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + n);
        }
        return n;
    }
}
