package dev.aiproxy.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void aClaimWritesThePidOnceAndAReleaseRemovesOnlyItsOwn() throws Exception {
        PidFile pidFile = new PidFile(dir.resolve("gateway.pid"));

        pidFile.claim(12345);

        assertThat(Files.readString(pidFile.path())).isEqualTo("12345\n");
        pidFile.release(999);
        assertThat(pidFile.path()).exists();
        pidFile.release(12345);
        assertThat(pidFile.path()).doesNotExist();
        assertThat(pidFile.inspect()).isInstanceOf(PidFile.Absent.class);
    }

    @Test
    void aStalePidFileIsReplacedByAClaim() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        PidFile pidFile = new PidFile(Files.writeString(dir.resolve("gateway.pid"), gone.pid() + "\n"));

        assertThat(pidFile.inspect()).isEqualTo(new PidFile.Stale(gone.pid(), "process " + gone.pid() + " is gone"));
        pidFile.claim(ProcessHandle.current().pid());

        assertThat(Files.readString(pidFile.path()).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void aProcessIsTheGatewayOnlyWhenItsCommandLineNamesThisPidFile() throws Exception {
        Path file = dir.resolve("gateway.pid");
        // a shell that waits, so its own command line (with the option) stays
        Process gateway = new ProcessBuilder("sh", "-c", "sleep 600; :", "sh", "--pid-file", file.toString())
                .start();
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            PidFile pidFile = new PidFile(file);

            Files.writeString(file, gateway.pid() + "\n");
            assertThat(pidFile.inspect()).isInstanceOf(PidFile.Running.class);
            assertThatThrownBy(() -> pidFile.claim(ProcessHandle.current().pid()))
                    .hasMessageContaining("already runs with the pid file " + file);

            Files.writeString(file, other.pid() + "\n");
            assertThat(pidFile.inspect()).isInstanceOf(PidFile.Stale.class).asString()
                    .contains("is another program now", "sleep 600");
            assertThat(pidFile.namesThisFile(List.of("-jar", "gateway.jar", "run", "--pid-file=" + file))).isTrue();
            assertThat(pidFile.namesThisFile(List.of("--pid-file", dir.resolve("other.pid").toString()))).isFalse();
        } finally {
            gateway.descendants().forEach(ProcessHandle::destroyForcibly);
            gateway.destroyForcibly();
            other.destroyForcibly();
        }
    }

    @Test
    void aPidFileWithoutANumberIsStale() throws Exception {
        PidFile pidFile = new PidFile(Files.writeString(dir.resolve("gateway.pid"), "hello\n"));

        assertThat(pidFile.inspect()).isInstanceOf(PidFile.Stale.class).asString().contains("holds no process id");
    }
}
