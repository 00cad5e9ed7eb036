package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.ConfigFileWatcher;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.translate.testing.Changes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway keys} against a running server: a new key works at once, a rotated or deleted one stops working. */
class KeysEndToEndTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** Signalled after each reload of the watched files: only a reload changes which keys are accepted. */
    private final Changes reloads = new Changes();

    private int keys(String... args) {
        out.reset();
        return new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private static int status(GatewayServer server, String key) throws Exception {
        return RawHttp.post(server.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key).status();
    }

    /** Asks now, and again after each reload, until the key gets the expected status. */
    private void awaitStatus(GatewayServer server, String key, int expected) throws Exception {
        reloads.awaitUntil(Duration.ofSeconds(15), () -> {
            try {
                return status(server, key) == expected;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("asking the gateway with the key", e);
            }
        }, "key answered " + expected);
    }

    @Test
    void createdRotatedAndDeletedKeysTakeEffectWithoutARestart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "port: 0\napi-keys: [bootstrap-key]\n");
        LoadedConfig loaded = ConfigLoader.withEnvironment(java.util.Map.of()).load(config);
        try (Gateway gateway = Gateway.create(loaded.config()); GatewayServer server = GatewayServer.start(gateway);
                ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway, loaded,
                        ConfigLoader.withEnvironment(java.util.Map.of()), c -> c, o -> reloads.signal(),
                        Duration.ofMillis(50))) {
            assertThat(keys("keys", "create", "--name", "team-a", "--type", "gm_", "--config", config.toString()))
                    .isZero();
            String first = out.toString(StandardCharsets.UTF_8).strip();
            assertThat(first).startsWith("gm_").hasSize(51);
            assertThat(Files.readString(dir.resolve("clients.yaml"))).doesNotContain(first);
            awaitStatus(server, first, 200);

            assertThat(keys("keys", "rotate", "--name", "team-a", "--config", config.toString())).isZero();
            String second = out.toString(StandardCharsets.UTF_8).strip();
            awaitStatus(server, second, 200);
            assertThat(status(server, first)).isEqualTo(401);

            assertThat(keys("keys", "list", "--config", config.toString())).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("team-a\n");
            assertThat(keys("keys", "delete", "--name", "team-a", "--config", config.toString())).isZero();
            awaitStatus(server, second, 401);
            assertThat(status(server, "bootstrap-key")).isEqualTo(200);
        }
        assertThat(keys("keys", "create", "--name", "bad name", "--config", config.toString())).isEqualTo(78);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--name: use letters, digits");
    }
}
