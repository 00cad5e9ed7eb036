package dev.aiproxy.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonPathsTest {
    private static DaemonPaths paths(List<String> args, Path config, Map<String, String> environment) {
        return DaemonPaths.of(DaemonOptions.parse("status", args), config, environment);
    }

    @Test
    void theFilesGoBesideTheConfigFileByDefault() {
        DaemonPaths paths = paths(List.of(), Path.of("/etc/gateway/gateway.yaml"), Map.of());

        assertThat(paths.pidFile()).isEqualTo(Path.of("/etc/gateway/gateway.pid"));
        assertThat(paths.logFile()).isEqualTo(Path.of("/etc/gateway/gateway.log"));
        assertThat(paths.socket()).isEqualTo(Path.of("/etc/gateway/gateway.sock"));
        assertThat(paths.jvmOutput()).isEqualTo(Path.of("/etc/gateway/gateway.out"));
    }

    @Test
    void theStateFolderComesFromTheOptionThenTheEnvironmentThenTheWorkingFolder() {
        Map<String, String> env = Map.of(DaemonPaths.STATE_DIR_ENV, "/var/lib/gateway");

        assertThat(paths(List.of("--state-dir", "/srv/gw"), Path.of("/etc/g.yaml"), env).pidFile())
                .isEqualTo(Path.of("/srv/gw/gateway.pid"));
        assertThat(paths(List.of(), Path.of("/etc/g.yaml"), env).logFile())
                .isEqualTo(Path.of("/var/lib/gateway/gateway.log"));
        assertThat(paths(List.of(), null, Map.of()).pidFile())
                .isEqualTo(Path.of("").toAbsolutePath().resolve("gateway.pid"));
    }

    @Test
    void aPidFileOrLogFileOfItsOwnTakesItsSiblingsAlong() {
        DaemonPaths paths = paths(List.of("--pid-file", "/run/gw/main.pid", "--log-file", "/var/log/gw/main.log"),
                null, Map.of());

        assertThat(paths.socket()).isEqualTo(Path.of("/run/gw/main.sock"));
        assertThat(paths.jvmOutput()).isEqualTo(Path.of("/var/log/gw/main.out"));
    }

    @Test
    void optionsOfOtherCommandsAreRefusedByName() {
        assertThatThrownBy(() -> DaemonOptions.parse("status", List.of("-n", "5")))
                .hasMessage("status: unknown option '-n'");
        assertThatThrownBy(() -> DaemonOptions.parse("stop", List.of("--port", "1")))
                .hasMessage("stop: unknown option '--port'");
        assertThat(DaemonOptions.parse("logs", List.of("-n", "5", "--no-follow")))
                .extracting(DaemonOptions::lines, DaemonOptions::follow).containsExactly(5, false);
        assertThat(DaemonOptions.parse("start", List.of("--port=9000")).port()).isEqualTo(9000);
    }
}
