package dev.aiproxy.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The launcher ({@code dev.aiproxy.server.Launcher}) as a command line in a JVM of its own, from this test's class
 * path, in a folder of the test's: what a user's {@code gateway start} or {@code gateway status} is. A small heap and
 * the serial collector, so that several fit a loaded two-core machine.
 */
public final class LauncherProcess {
    /** What {@code start} passes on to the daemon, too. */
    public static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=true");
    private static final Duration LIMIT = Duration.ofSeconds(150);

    private LauncherProcess() {
    }

    /** A finished command: its exit code and what it printed (standard output and error together). */
    public record Result(int exit, String output) {
    }

    /** The command line of {@code args} for the launcher. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.aiproxy.server.Launcher");
        command.addAll(args);
        return command;
    }

    /** Starts the launcher with {@code args} in {@code dir}, without the environment's gateway settings. */
    public static Process start(Path dir, List<String> args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.remove("GATEWAY_CONFIG");
        environment.remove("GATEWAY_STATE_DIR");
        environment.remove("OPENAI_API_KEY");
        environment.remove("ANTHROPIC_API_KEY");
        environment.remove("GEMINI_API_KEY");
        return builder.start();
    }

    /**
     * Runs the launcher with {@code args} in {@code dir} until it exits.
     *
     * @throws AssertionError when it does not exit within a generous limit (it is then killed)
     */
    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Process process = start(dir, List.of(args));
        CompletableFuture<String> output = read(process.getInputStream());
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("gateway " + String.join(" ", args) + " did not exit within " + LIMIT);
        }
        return new Result(process.exitValue(), output.join());
    }

    private static CompletableFuture<String> read(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}
