package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.server.testing.LauncherProcess;
import dev.aiproxy.server.testing.LauncherProcess.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon commands as a user types them, each in a JVM of its own: {@code start} puts the server in the
 * background and returns once it answers, {@code status}, {@code reload}, {@code logs} and {@code stop} find it
 * through its pid file, a stale pid file is replaced, a failed start shows why.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DaemonEndToEndTest {
    private static final Pattern STARTED = Pattern.compile("the gateway started \\(pid (\\d+)\\): (http://\\S+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void killWhatIsLeft() throws Exception {
        http.shutdownNow();
        Path pidFile = dir.resolve("gateway.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> left = ProcessHandle.of(pid);
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (left.isPresent() && Files.exists(cmdline)
                    && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(pidFile.toString())) {
                left.get().destroyForcibly();
                left.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), yaml);
    }

    private Result gateway(String... args) throws Exception {
        return LauncherProcess.run(dir, args);
    }

    private record Started(long pid, String url) {
    }

    private static Started started(Result start) {
        Matcher m = STARTED.matcher(start.output());
        assertThat(m.find()).as(start.output()).isTrue();
        return new Started(Long.parseLong(m.group(1)), m.group(2));
    }

    private int health(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String echo(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void startReturnsOnceTheServerAnswersAndStatusAndStopFindItThroughItsPidFile() throws Exception {
        Path config = config("port: 0\nshutdown-grace: 10s\n");

        Result start = gateway("start", "--config", config.toString());

        assertThat(start.exit()).as(start.output()).isZero();
        Started daemon = started(start);
        assertThat(health(daemon.url())).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("gateway.pid")).strip()).isEqualTo(Long.toString(daemon.pid()));
        assertThat(ProcessHandle.of(daemon.pid())).get().matches(ProcessHandle::isAlive);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("gateway.sock")))).as("the control socket: its owner's only")
                .isEqualTo("rw-------");

        Result again = gateway("start", "--config", config.toString());
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("already running (pid " + daemon.pid() + ") at " + daemon.url());

        Result status = gateway("status", "--config", config.toString());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("running (pid " + daemon.pid() + ")", "url:      " + daemon.url(),
                "config:   " + config.toAbsolutePath(), "models:   echo", "version:  " + Launcher.VERSION,
                "uptime:   ", "log:      " + dir.resolve("gateway.log").toAbsolutePath());

        Result stop = gateway("stop", "--config", config.toString());
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("stopped after draining 0 requests in ");
        assertThat(ProcessHandle.of(daemon.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir.resolve("gateway.pid")).doesNotExist();
        assertThat(dir.resolve("gateway.sock")).doesNotExist();

        Result after = gateway("status", "--config", config.toString());
        assertThat(after.exit()).as(after.output()).isEqualTo(3);
        assertThat(after.output()).contains("not running");
        assertThat(gateway("stop", "--config", config.toString()).exit()).isZero();
    }

    @Test
    void reloadPrintsWhatChangedAndWhyABadFileWasRefused() throws Exception {
        Path config = config("port: 0\n");
        Started daemon = started(gateway("start", "--config", config.toString()));

        config("port: 0\nopenai-compatibility:\n  - name: local\n    base-url: http://127.0.0.1:9/v1\n"
                + "    models:\n      - name: llama-3\n        alias: chat\n");
        Result applied = gateway("reload", "--config", config.toString());

        assertThat(applied.exit()).as(applied.output()).isZero();
        // applied by this reload, or already by the file watcher: either way the changes are listed
        assertThat(applied.output()).contains("+ model chat", "+ provider local");
        assertThat(gateway("status", "--config", config.toString()).output()).contains("chat");

        config("port: 0\nopenai-compatibility:\n  - name: local\n    base-url: ftp://nowhere\n");
        Result refused = gateway("reload", "--config", config.toString());

        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("rejected; the running config stays",
                "gateway.yaml:4: openai-compatibility[0].base-url: not an http(s) URL");
        assertThat(gateway("status", "--config", config.toString()).output()).contains("chat");
        assertThat(health(daemon.url())).isIn(200, 503);
    }

    /**
     * Whether this JVM ignores SIGHUP (it was started under {@code nohup}): its children inherit that, and the JVM
     * lets no handler replace an ignored SIGHUP, so the daemon keeps ignoring it.
     */
    private static boolean sighupIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new java.math.BigInteger(line.substring(7).strip(), 16).testBit(0))
                .findFirst().orElse(false);
    }

    @Test
    void sighupReloadsTheDaemonInsteadOfEndingIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sighupIgnoredHere(),
                "SIGHUP is ignored by this JVM (nohup), so by the daemon too");
        Path config = config("port: 0\n");
        Started daemon = started(gateway("start", "--config", config.toString()));

        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start();
        assertThat(hup.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path log = dir.resolve("gateway.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(log).contains("SIGHUP: reloading the config file")) {
            assertThat(System.nanoTime() - deadline).as("the SIGHUP's log line in:%n%s", Files.readString(log))
                    .isNegative();
            Thread.sleep(50);
        }
        assertThat(health(daemon.url())).isEqualTo(200);
        assertThat(gateway("status", "--config", config.toString()).exit()).isZero();
    }

    @Test
    void reloadOfAGatewayThatDoesNotRunSaysSoWithTheInitScriptsCode() throws Exception {
        Path config = config("port: 0\n");

        Result reload = gateway("reload", "--config", config.toString());

        assertThat(reload.exit()).isEqualTo(7);
        assertThat(reload.output()).contains("not running");
    }

    @Test
    void aPidFileOfAProcessThatIsGoneIsReportedAndReplaced() throws Exception {
        Path config = config("port: 0\n");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(dir.resolve("gateway.pid"), gone.pid() + "\n");

        Result status = gateway("status", "--config", config.toString());
        Result start = gateway("start", "--config", config.toString());

        assertThat(status.exit()).as(status.output()).isEqualTo(1);
        assertThat(status.output()).contains("process " + gone.pid() + " is gone");
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("removed the stale pid file");
        assertThat(Files.readString(dir.resolve("gateway.pid")).strip())
                .isEqualTo(Long.toString(started(start).pid()));
    }

    @Test
    void aPidFileWhoseNumberAnotherProgramNowHasIsStaleAndThatProgramIsLeftAlone() throws Exception {
        Path config = config("port: 0\n");
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(dir.resolve("gateway.pid"), other.pid() + "\n");

            Result status = gateway("status", "--config", config.toString());
            Result stopped = gateway("stop", "--config", config.toString());
            Files.writeString(dir.resolve("gateway.pid"), other.pid() + "\n");
            Result start = gateway("start", "--config", config.toString());

            assertThat(status.exit()).as(status.output()).isEqualTo(1);
            assertThat(status.output()).contains("process " + other.pid() + " is another program now", "sleep 600");
            assertThat(stopped.exit()).as(stopped.output()).isZero();
            assertThat(stopped.output()).contains("removed its stale pid file");
            assertThat(start.exit()).as(start.output()).isZero();
            assertThat(started(start).pid()).isNotEqualTo(other.pid());
            assertThat(other.isAlive()).as("the other program is not signalled").isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aStartThatFailsShowsTheLastLinesItsProcessLoggedAndLeavesNoPidFile() throws Exception {
        Path config = config("port: 0\n");
        assertThat(gateway("start", "--config", config.toString()).exit()).isZero();
        assertThat(gateway("stop", "--config", config.toString()).exit()).isZero();
        config("port: 0\nopenai-compatibility:\n  - name: x\n    base-url: ftp://x\n");

        Result start = gateway("start", "--config", config.toString());

        assertThat(start.exit()).as(start.output()).isEqualTo(6);
        assertThat(start.output()).contains("exited with status 78 before it served",
                "The last lines of " + dir.resolve("gateway.log").toAbsolutePath(),
                "gateway.yaml:4: openai-compatibility[0].base-url: not an http(s) URL");
        assertThat(start.output()).as("the earlier run's lines").doesNotContain("listening on", "stopped after");
        assertThat(dir.resolve("gateway.pid")).doesNotExist();
    }

    @Test
    void logsPrintsTheLastLinesAndFollowsTheLogAsItGrows() throws Exception {
        Path config = config("port: 0\n");
        Started daemon = started(gateway("start", "--config", config.toString()));

        Result last = gateway("logs", "-n", "2", "--no-follow", "--config", config.toString());
        assertThat(last.exit()).as(last.output()).isZero();
        List<String> logged = Files.readAllLines(dir.resolve("gateway.log"));
        assertThat(last.output().lines().toList()).hasSize(2).allMatch(logged::contains);

        Process follow = LauncherProcess.start(dir, List.of("logs", "-n", "0", "--config", config.toString()));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> requestLine = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("/v1/chat/completions") || line.contains("-> echo")) {
                            requestLine.complete(line);
                            return;
                        }
                    }
                    requestLine.completeExceptionally(new AssertionError("logs ended"));
                } catch (IOException e) {
                    requestLine.completeExceptionally(e);
                }
            });
            // a request made once the follower runs is in the lines it prints (the request log's line)
            String line = null;
            for (int i = 0; i < 60 && line == null; i++) {
                echo(daemon.url());
                try {
                    line = requestLine.get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // the follower may still be starting: another request
                }
            }
            assertThat(line).as("a request's log line, followed").isNotNull().contains("echo");
        } finally {
            follow.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDaemonsLogRotatesByTheConfiguredSize() throws Exception {
        Path config = config("port: 0\nlogging:\n  max-size: 2KiB\n  files: 2\n");
        Started daemon = started(gateway("start", "--config", config.toString()));

        // the request log writes its lines a moment after the requests, so the test sends until the log has
        // rotated (a loaded machine may lag by many lines), then enough for more rotations
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(dir.resolve("gateway.log.1")) && System.nanoTime() < deadline) {
            echo(daemon.url());
        }
        for (int i = 0; i < 40; i++) {
            echo(daemon.url());
        }
        // looked at once the daemon has stopped: while a rotation moves the files, gateway.log.1 is briefly absent
        assertThat(gateway("stop", "--config", config.toString()).exit()).isZero();

        assertThat(dir.resolve("gateway.log.1")).exists();
        assertThat(dir.resolve("gateway.log.2")).doesNotExist();
        assertThat(Files.size(dir.resolve("gateway.log"))).isLessThan(2048 + 1024);
    }
}
