package dev.aiproxy.usage.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for a test: Debian's {@code postgresql} package, run as a child process ({@code initdb}
 * and {@code pg_ctl}) in a folder of its own under {@code /tmp}, on a free loopback port, with trust authentication
 * for one user. Stopped and deleted by {@link #close()}. PostgreSQL refuses to run as root, so as root it runs as the
 * package's {@code postgres} user ({@code runuser}). Without the package the test is skipped, except under
 * {@code CI=true}, where a missing server fails the run ({@code ./gateway test} installs the package).
 */
@SuppressWarnings("try") // close() may be interrupted: the test then ends anyway
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "gateway";
    private static final long WAIT_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;

    private PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** Creates a cluster and starts it; skips the test (or fails it under CI) when PostgreSQL is not installed. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            String why = "PostgreSQL is not installed (apt-get install -y postgresql; ./gateway test does it)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": under CI=true the PostgreSQL tests must run");
            }
            Assumptions.abort(why);
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "gw-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (asRoot) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        PostgresServer server = new PostgresServer(bin, dir, freePort(), asRoot);
        server.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"));
        server.startAgain();
        return server;
    }

    /** Starts the server (again, after {@link #stop()}), and waits until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c full_page_writes=off", "start"));
    }

    /**
     * Stops the server as an operator would ({@code -m fast}: connections are cut, nothing committed is lost); its data
     * stays for {@link #startAgain()}.
     */
    public void stop() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "stop"));
    }

    /** {@code postgresql://gateway@127.0.0.1:PORT/postgres}: the form {@code usage.store} takes. */
    public String url() {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean quiet) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer within " + WAIT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    /** Where initdb and pg_ctl are: Debian's /usr/lib/postgresql/N/bin (the newest), else the PATH. */
    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path b = Path.of(dir);
            if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
                return b;
            }
        }
        return null;
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
