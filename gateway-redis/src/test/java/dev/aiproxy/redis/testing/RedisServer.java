package dev.aiproxy.redis.testing;

import dev.aiproxy.translate.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server for a test: Debian's {@code redis-server}, run as a child process on a free loopback port, in a
 * folder of its own under {@code /tmp}, keeping nothing on disk ({@code --save '' --appendonly no}). Stopped and its
 * folder deleted by {@link #close()}. Without the package the test is skipped, except under {@code CI=true}, where a
 * missing server fails the run ({@code ./gateway test} installs the package).
 */
public final class RedisServer implements AutoCloseable {
    private static final long WAIT_SECONDS = 20;

    private final Path binary;
    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private RedisServer(Path binary, Path dir, int port, String password) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Starts a server without a password; skips the test (or fails it under CI) when Redis is not installed. */
    public static RedisServer start() throws IOException, InterruptedException {
        return start(null);
    }

    /** Starts a server that asks for {@code password} ({@code requirepass}), or none when it is null. */
    public static RedisServer start(String password) throws IOException, InterruptedException {
        Path binary = binary();
        if (binary == null) {
            String why = "redis-server is not installed (apt-get install -y redis-server; ./gateway test does it)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": under CI=true the Redis tests must run");
            }
            Assumptions.abort(why);
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "gw-redis-");
        RedisServer server = new RedisServer(binary, dir, freePort(), password);
        server.startAgain();
        return server;
    }

    /** Starts the server (again, after {@link #stop()}: empty, as a restarted Redis without persistence is). */
    public void startAgain() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Await.until(Duration.ofSeconds(WAIT_SECONDS), () -> !process.isAlive() || accepts(),
                "redis-server accepting connections on " + port);
        if (!process.isAlive()) {
            throw new IOException("redis-server ended at start (" + process.exitValue() + "): "
                    + Files.readString(dir.resolve("redis.log")));
        }
    }

    /** Stops the server at once, as a crash or a restart would, and waits until it has gone. */
    public void stop() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            resume(); // a paused server would not end on SIGTERM until thawed
            process.destroy();
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Freezes the server ({@code SIGSTOP}): its connections stay open and nothing is answered, as with a Redis
     * stalled by a long command, swapping or a network that drops packets. {@link #resume()} thaws it.
     */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a {@link #pause() paused} server, which answers what waited. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** {@code redis://127.0.0.1:PORT}, with the password when there is one: the form {@code state:} takes. */
    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path binary() {
        for (String dir : ("/usr/bin:/usr/local/bin:" + System.getenv().getOrDefault("PATH", "")).split(":")) {
            Path b = Path.of(dir, "redis-server");
            if (Files.isExecutable(b)) {
                return b;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
