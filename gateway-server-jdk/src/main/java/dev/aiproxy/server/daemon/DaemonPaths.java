package dev.aiproxy.server.daemon;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a daemon keeps its files. The state folder is {@code --state-dir}, else {@code $GATEWAY_STATE_DIR}, else the
 * config file's folder (where {@code usage.db} goes too), else the working folder. In it: {@code gateway.pid},
 * {@code gateway.log} (unless {@code --pid-file} or {@code --log-file} put them elsewhere), the control socket beside
 * the pid file ({@code gateway.sock}), and what the JVM itself writes beside the log ({@code gateway.out}).
 *
 * @param config the config file, absolute, or null when there is none
 * @param pidFile holds the daemon's process id, one line
 * @param logFile the daemon's log, rotated by size
 * @param socket the control socket {@code status} and {@code reload} ask through
 * @param jvmOutput the JVM's own standard output and error (a crash report, a thread dump); emptied at each start
 */
public record DaemonPaths(Path config, Path pidFile, Path logFile, Path socket, Path jvmOutput) {
    /** The environment variable that names the state folder. */
    public static final String STATE_DIR_ENV = "GATEWAY_STATE_DIR";

    public DaemonPaths {
        requireNonNull(pidFile, "pidFile");
        requireNonNull(logFile, "logFile");
        requireNonNull(socket, "socket");
        requireNonNull(jvmOutput, "jvmOutput");
    }

    /**
     * The paths for these options, all absolute.
     *
     * @param config the config file in use ({@code --config}, {@code $GATEWAY_CONFIG} or {@code ./config.yaml}), or
     *     null
     */
    public static DaemonPaths of(DaemonOptions options, Path config, Map<String, String> environment) {
        Path absoluteConfig = config == null ? null : config.toAbsolutePath().normalize();
        Path stateDir;
        if (options.stateDir() != null) {
            stateDir = options.stateDir();
        } else if (environment.get(STATE_DIR_ENV) != null && !environment.get(STATE_DIR_ENV).isBlank()) {
            stateDir = Path.of(environment.get(STATE_DIR_ENV));
        } else if (absoluteConfig != null) {
            stateDir = absoluteConfig.getParent();
        } else {
            stateDir = Path.of("");
        }
        stateDir = stateDir.toAbsolutePath().normalize();
        Path pid = absolute(options.pidFile(), stateDir.resolve("gateway.pid"));
        Path log = absolute(options.logFile(), stateDir.resolve("gateway.log"));
        return new DaemonPaths(absoluteConfig, pid, log, socketFor(pid), sibling(log, ".log", ".out"));
    }

    /** The control socket of a daemon with this pid file: {@code gateway.pid} has {@code gateway.sock}. */
    public static Path socketFor(Path pidFile) {
        return sibling(pidFile.toAbsolutePath().normalize(), ".pid", ".sock");
    }

    private static Path absolute(Path given, Path otherwise) {
        return (given != null ? given : otherwise).toAbsolutePath().normalize();
    }

    /** {@code gateway.pid} to {@code gateway.sock}; a name without the extension gets the new one added. */
    private static Path sibling(Path file, String extension, String replacement) {
        String name = file.getFileName().toString();
        String base = name.endsWith(extension) ? name.substring(0, name.length() - extension.length()) : name;
        return file.resolveSibling(base + replacement);
    }
}
