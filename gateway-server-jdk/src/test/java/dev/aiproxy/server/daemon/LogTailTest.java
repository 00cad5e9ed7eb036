package dev.aiproxy.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    /** What the follower printed so far; written from its thread, read from the test's. */
    private static final class Printed extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public void write(int b) {
            lock.lock();
            try {
                bytes.write(b);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            lock.lock();
            try {
                bytes.write(b, off, len);
            } finally {
                lock.unlock();
            }
        }

        String text() {
            lock.lock();
            try {
                return bytes.toString(StandardCharsets.UTF_8);
            } finally {
                lock.unlock();
            }
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within 30 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theLastLinesOfALargeFileComeFromItsEnd() throws Exception {
        Path log = Files.writeString(dir.resolve("gateway.log"), IntStream.range(0, 5000)
                .mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.lastLines(log, 3)).containsExactly("line 4997", "line 4998", "line 4999");
        assertThat(LogTail.lastLines(log, 0)).isEmpty();
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 3)).isEmpty();
        assertThat(LogTail.lastLines(Files.writeString(dir.resolve("short.log"), "a\nb"), 5)).containsExactly("a", "b");
    }

    @Test
    void theLastLinesSinceAnOffsetLeaveOutWhatWasWrittenBefore() throws Exception {
        Path log = Files.writeString(dir.resolve("gateway.log"), "earlier run 1\nearlier run 2\n");
        long before = Files.size(log);
        Files.writeString(log, "this run 1\nthis run 2\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(LogTail.lastLinesSince(log, before, 20)).containsExactly("this run 1", "this run 2");
        assertThat(LogTail.lastLinesSince(log, before, 1)).containsExactly("this run 2");
        assertThat(LogTail.lastLinesSince(log, 10_000, 20)).as("rotated since: all of it")
                .containsExactly("earlier run 1", "earlier run 2", "this run 1", "this run 2");
    }

    @Test
    void followingPrintsNewLinesAndGoesOnInTheNewFileAfterARotation() throws Exception {
        Path log = Files.writeString(dir.resolve("gateway.log"), "old 1\nold 2\n");
        Printed printed = new Printed();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                LogTail.follow(log, 1, printed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (RotatingLogFile file = RotatingLogFile.open(log, 30, 2);
                PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            awaitUntil(() -> printed.text().equals("old 2\n"), "the last line first");

            out.println("new 1");
            awaitUntil(() -> printed.text().contains("new 1"), "a line added");
            for (int i = 2; i <= 6; i++) {
                out.println("new " + i);
            }

            assertThat(dir.resolve("gateway.log.1")).exists();
            awaitUntil(() -> printed.text().contains("new 6"), "a line after the rotation");
            assertThat(printed.text()).isEqualTo("old 2\nnew 1\nnew 2\nnew 3\nnew 4\nnew 5\nnew 6\n");
        } finally {
            follower.interrupt();
            follower.join(Duration.ofSeconds(10));
        }
    }
}
