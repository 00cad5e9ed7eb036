package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's log line is the one SimpleFormatter printed with the format the launcher gave it before. */
class LineFormatterTest {
    private static final String FORMAT_BEFORE = "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

    @AfterEach
    void clear() {
        System.clearProperty("java.util.logging.SimpleFormatter.format");
    }

    private static LogRecord record(Level level, String message, Instant at, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("dev.aiproxy.requests");
        r.setInstant(at);
        r.setThrown(thrown);
        return r;
    }

    @Test
    void linesMatchWhatSimpleFormatterPrintedThrowablesIncluded() {
        System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT_BEFORE);
        SimpleFormatter before = new SimpleFormatter();
        LineFormatter now = new LineFormatter();
        LogRecord[] records = {
            record(Level.INFO, "req_1 team-a gpt -> openai/gpt-4o 200 0.6ms", Instant.parse("2026-12-07T10:00:00.007Z"),
                    null),
            record(Level.WARNING, "a warning", Instant.parse("2026-12-07T10:00:00.120Z"), null),
            record(Level.INFO, "same second", Instant.parse("2026-12-07T10:00:00.999Z"), null),
            record(Level.SEVERE, "failed", Instant.parse("2026-12-07T10:00:01Z"), new IOException("broken pipe")),
        };

        for (LogRecord r : records) {
            assertThat(now.format(r)).isEqualTo(before.format(r));
        }
    }
}
