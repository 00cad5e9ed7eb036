package dev.aiproxy.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {
    @TempDir
    Path dir;

    private static String line(int i) {
        return "line " + i + " " + "x".repeat(40);
    }

    @Test
    void aFullFileMovesDownAtTheEndOfALineAndTheOldestBeyondTheCountIsDeleted() throws Exception {
        Path log = dir.resolve("gateway.log");
        try (RotatingLogFile file = RotatingLogFile.open(log, 200, 3);
                PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 40; i++) {
                out.println(line(i));
            }
        }

        assertThat(log).exists();
        assertThat(dir.resolve("gateway.log.1")).exists();
        assertThat(dir.resolve("gateway.log.2")).exists();
        assertThat(dir.resolve("gateway.log.3")).doesNotExist();
        List<String> kept = new ArrayList<>();
        for (Path p : List.of(dir.resolve("gateway.log.2"), dir.resolve("gateway.log.1"), log)) {
            assertThat(Files.size(p)).as(p.toString()).isLessThan(200 + 60);
            kept.addAll(Files.readAllLines(p));
        }
        // whole lines, the newest last, none lost between the files kept
        assertThat(kept.getLast()).isEqualTo(line(39));
        int first = Integer.parseInt(kept.getFirst().split(" ")[1]);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo(line(first + i));
        }
    }

    @Test
    void appendsToWhatTheFileHeldAndObeysNewLimits() throws Exception {
        Path log = Files.writeString(dir.resolve("gateway.log"), "before\n");
        try (RotatingLogFile file = RotatingLogFile.open(log, 1_000_000, 2);
                PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            out.println("after");
            file.limits(10, 1);
            out.println("rotated away, with no file kept");
            out.println("last");
        }

        assertThat(Files.readAllLines(log)).containsExactly("last");
        assertThat(dir.resolve("gateway.log.1")).doesNotExist();
    }
}
