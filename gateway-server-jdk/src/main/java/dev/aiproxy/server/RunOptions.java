package dev.aiproxy.server;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code run}: each may be null when not given.
 *
 * @param pidFile where to write the process id, which also opens the control socket beside it ({@code start} gives it)
 * @param logFile where the server's output goes instead of standard output and error, rotated by size ({@code start}
 *     gives it)
 */
record RunOptions(Path config, String host, Integer port, Path pidFile, Path logFile) {
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--config", "-c", "--host", "--port", "-p",
            "--pid-file", "--log-file");

    /** The config with the command line's host and port, which win over the file's. */
    dev.aiproxy.routing.config.GatewayConfig apply(dev.aiproxy.routing.config.GatewayConfig config) {
        if (host == null && port == null) {
            return config;
        }
        var b = config.toBuilder();
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        return b.build();
    }

    /** @throws IllegalArgumentException naming the bad option */
    static RunOptions parse(List<String> args) {
        Path config = null;
        String host = null;
        Integer port = null;
        Path pidFile = null;
        Path logFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException(name.startsWith("-") ? "unknown option '" + name + "'"
                        : "unexpected argument '" + name + "' (run takes --config FILE, --host HOST, --port PORT, "
                        + "--pid-file FILE, --log-file FILE)");
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
                case "--pid-file" -> pidFile = Path.of(value);
                case "--log-file" -> logFile = Path.of(value);
                case "--port", "-p" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number, got \"" + value + "\"");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535, got " + port);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new RunOptions(config, host, port, pidFile, logFile);
    }
}
