package dev.aiproxy.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The standalone server's log line: {@code 2026-12-07 10:00:00.123 INFO    logger: message}, local time, then the
 * stack trace of a throwable. What {@code SimpleFormatter} printed with the format the launcher used to give it, at a
 * fraction of the cost: its {@code String.format} parsed the format and printed the date field by field for every
 * line, and the request log writes a line per request (docs/performance.md). The date is made once a second.
 */
final class LineFormatter extends Formatter {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    /** The second last formatted and its text; written and read by the handler's one publishing thread at a time. */
    private long second = Long.MIN_VALUE;
    private String secondText = "";

    @Override
    public synchronized String format(LogRecord record) {
        Instant at = record.getInstant();
        if (at.getEpochSecond() != second) {
            second = at.getEpochSecond();
            secondText = SECOND.format(at);
        }
        int millis = at.getNano() / 1_000_000;
        String level = record.getLevel().getLocalizedName();
        StringBuilder line = new StringBuilder(secondText.length() + 64 + 128);
        line.append(secondText).append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append(' ').append(level);
        for (int i = level.length(); i < 7; i++) {
            line.append(' ');
        }
        line.append(' ').append(record.getLoggerName()).append(": ").append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace.getBuffer());
        }
        return line.append(System.lineSeparator()).toString();
    }
}
