package dev.aiproxy.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
    private static final DaemonStatus STATUS = new DaemonStatus(42, "0.1.0", "http://127.0.0.1:8317", "/etc/g.yaml",
            "/var/log/g.log", "2026-12-07T10:00:00Z", List.of("echo", "gpt-4o"), 30_000, 2);

    @TempDir
    Path dir;

    /** Answers with fixed values, standing in for a running server. */
    private static final class Answers implements ControlSocket.Commands {
        @Override
        public DaemonStatus status() {
            return STATUS;
        }

        @Override
        public ReloadReport reload() {
            throw new IllegalStateException("the reload broke");
        }
    }

    @Test
    void answersACommandWithItsRecordAndAnUnknownOneWithWhatItKnows() throws Exception {
        Path socket = dir.resolve("gateway.sock");
        try (ControlSocket control = ControlSocket.open(socket, new Answers())) {
            assertThat(ControlClient.ask(socket, "status", Duration.ofSeconds(30)).status()).isEqualTo(STATUS);
            assertThatThrownBy(() -> ControlClient.ask(socket, "shutdown", Duration.ofSeconds(30)))
                    .isInstanceOf(IOException.class).hasMessage("unknown command 'shutdown' (status, reload)");
            assertThatThrownBy(() -> ControlClient.ask(socket, "reload", Duration.ofSeconds(30)))
                    .isInstanceOf(IOException.class).hasMessageContaining("'reload' failed")
                    .hasMessageContaining("the reload broke");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplacedAndATooLongPathIsRefusedByName() throws Exception {
        Path socket = dir.resolve("gateway.sock");
        ControlSocket.open(socket, new Answers()).close();
        java.nio.file.Files.createFile(socket);

        try (ControlSocket control = ControlSocket.open(socket, new Answers())) {
            assertThat(ControlClient.ask(socket, "status", Duration.ofSeconds(30)).status().pid()).isEqualTo(42);
        }
        Path deep = dir.resolve("x".repeat(120)).resolve("gateway.sock");
        assertThatThrownBy(() -> ControlSocket.open(deep, new Answers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the 107")
                .hasMessageContaining("--state-dir");
    }

    @Test
    void noAnswerFromAMissingSocketIsAnIoError() {
        assertThatThrownBy(() -> ControlClient.ask(dir.resolve("none.sock"), "status", Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class);
    }
}
