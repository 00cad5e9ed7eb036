package dev.aiproxy.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's launcher ({@code dev.aiproxy.server.Launcher run}) in a JVM of its own, from this test's class path,
 * with a heap of the given size: what a test needs to see the gateway's memory stay bounded, and the process survive,
 * when an upstream is hostile. Its output goes to a log file beside the config.
 */
public final class ChildGateway implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ChildGateway(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the gateway on {@code config} and waits until it listens.
     *
     * @param maxHeap the {@code -Xmx} value, such as {@code 64m}
     * @throws IllegalStateException when it does not listen within 30 s, with its log
     */
    public static ChildGateway start(Path config, String maxHeap) throws IOException, InterruptedException {
        Path log = config.resolveSibling("gateway.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the launcher's own options (./gateway), with a smaller heap
        Process process = new ProcessBuilder(List.of(java, "-Dsun.net.httpserver.nodelay=true", "-Xms16m",
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), "dev.aiproxy.server.Launcher", "run",
                "--config", config.toString()))
                .redirectError(log.toFile())
                .start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().name("child-gateway-out").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("the gateway exited before it listened"));
        });
        try {
            return new ChildGateway(process, log, url.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the child gateway did not start: " + e.getMessage() + "\n"
                    + Files.readString(log), e);
        }
    }

    /** The gateway's address, such as {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return baseUrl;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Linux), as {@code gateway stop}, systemd and docker do. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the gateway to exit and returns its exit code.
     *
     * @throws AssertionError when it has not exited within {@code limit} (it is then killed), with its log
     */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child gateway did not exit within " + limit + "; its log:\n" + log());
        }
        return process.exitValue();
    }

    /** What the gateway logged so far, for a failed assertion's message. */
    public String log() {
        try {
            String text = Files.readString(log);
            return text.length() > 8000 ? "..." + text.substring(text.length() - 8000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the gateway, forcibly when it does not stop within a few seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
