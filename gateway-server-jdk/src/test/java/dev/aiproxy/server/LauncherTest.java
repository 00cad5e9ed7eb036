package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Launcher launcher = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsItsVersion() {
        assertThat(launcher.execute(new String[] {"version"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ai-proxy-gateway ");
    }

    @Test
    void rejectsAnUnknownCommandWithUsage() {
        assertThat(launcher.execute(new String[] {"serve"})).isEqualTo(64);
        assertThat(stderr()).contains("unknown command 'serve'").contains("usage: gateway");
    }

    @Test
    void helpAnywherePrintsTheCommandsAndSucceeds() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"run", "--help"}, {"keys", "--help"},
                {"usage", "-h"}}) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Launcher quiet = new Launcher(new PrintStream(printed, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            assertThat(quiet.execute(args)).as(String.join(" ", args)).isZero();
            assertThat(printed.toString(StandardCharsets.UTF_8)).as(String.join(" ", args))
                    .contains("usage: gateway").contains("keys create");
        }
    }

    @Test
    void rejectsAnUnknownOptionByItsName() {
        assertThat(launcher.execute(new String[] {"run", "--bogus"})).isEqualTo(64);
        assertThat(stderr()).contains("unknown option '--bogus'").doesNotContain("needs a value");
    }

    @Test
    void rejectsABadPort() {
        assertThat(launcher.execute(new String[] {"run", "--port", "http"})).isEqualTo(64);
        assertThat(stderr()).contains("--port needs a number, got \"http\"");
    }

    @Test
    void rejectsAMissingConfigFile(@TempDir Path dir) {
        assertThat(launcher.execute(new String[] {"run", "--config", dir.resolve("nope.yaml").toString()}))
                .isEqualTo(78);
        assertThat(stderr()).contains("config file not found");
    }

    @Test
    void rejectsAnInvalidConfigNamingLineAndKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "port: 8317\nopenai-compatibility:\n  - name: x\n    base-url: ftp://x\n");

        assertThat(launcher.execute(new String[] {"run", "--config", config.toString()})).isEqualTo(78);
        assertThat(stderr()).contains("gateway.yaml:4: openai-compatibility[0].base-url: not an http(s) URL");
    }

    @Test
    void refusesToServeBeyondLoopbackWithoutKeys(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "host: 0.0.0.0\nport: 0\n");

        assertThat(launcher.execute(new String[] {"run", "--config", config.toString()})).isEqualTo(1);
        assertThat(stderr()).contains("refusing to listen on 0.0.0.0 without client keys");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a launcher that accepts it serves forever
    void refusesAnEmptyOrBlankConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "  \n");

        assertThat(launcher.execute(new String[] {"run", "--config", config.toString(), "--port", "0"})).isEqualTo(78);
        assertThat(stderr()).contains("gateway.yaml: the file holds only whitespace");
    }
}
