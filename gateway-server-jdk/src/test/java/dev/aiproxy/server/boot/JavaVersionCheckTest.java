package dev.aiproxy.server.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's Main-Class on an old Java says what the gateway needs instead of failing with
 * UnsupportedClassVersionError, and on Java 21+ hands over to the launcher.
 */
class JavaVersionCheckTest {
    private record Ran(int exit, String output) {
    }

    private static Ran run(Path java, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                JavaVersionCheck.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    /** A Java older than 21 on this machine (Debian's 17 in /usr/lib/jvm, say), if there is one. */
    private static Optional<Path> anOldJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin").resolve("java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(release)) {
                    properties.load(in);
                }
                String version = properties.getProperty("JAVA_VERSION", "\"\"").replace("\"", "");
                int feature = JavaVersionCheck.feature(version);
                if (feature >= 8 && feature < JavaVersionCheck.REQUIRED) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void isCompiledForJava8SoThatEveryJavaFrom8OnLoadsIt() throws IOException {
        try (DataInputStream in = new DataInputStream(JavaVersionCheck.class.getResourceAsStream(
                "JavaVersionCheck.class"))) {
            assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
            in.readUnsignedShort();
            assertThat(in.readUnsignedShort()).as("class file major version (52 is Java 8)").isEqualTo(52);
        }
    }

    @Test
    void onAJavaOlderThan21ItSaysWhatItNeedsAndWhichJavaThisIs() throws Exception {
        Optional<Path> old = anOldJava();
        assumeTrue(old.isPresent(), "no Java older than 21 under /usr/lib/jvm");

        Ran ran = run(old.get(), "run");

        Path home = old.get().getParent().getParent().toRealPath();
        assertThat(ran.exit()).as(ran.output()).isEqualTo(1);
        assertThat(ran.output()).contains("gateway: needs Java 21 or later; this is Java ")
                .contains(" at " + home).doesNotContain("UnsupportedClassVersionError");
    }

    @Test
    void onThisJavaItHandsOverToTheLauncherWithTheArguments() throws Exception {
        Ran ran = run(Path.of(System.getProperty("java.home"), "bin", "java"), "version");

        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).startsWith("ai-proxy-gateway ");
    }

    @Test
    void readsTheFeatureVersionOfOldAndNewVersionStrings() {
        assertThat(JavaVersionCheck.feature("1.8")).isEqualTo(8);
        assertThat(JavaVersionCheck.feature("17")).isEqualTo(17);
        assertThat(JavaVersionCheck.feature("17.0.15")).isEqualTo(17);
        assertThat(JavaVersionCheck.feature("25")).isEqualTo(25);
        assertThat(JavaVersionCheck.feature("")).isZero();
        assertThat(JavaVersionCheck.feature(null)).isZero();
    }
}
