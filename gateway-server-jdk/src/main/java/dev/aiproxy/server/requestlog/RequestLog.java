package dev.aiproxy.server.requestlog;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.LogSettings;
import dev.aiproxy.routing.usage.UsageRecordQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The request log: one INFO line per finished request ({@link RequestLogLine}), to the {@value #LOGGER} logger (and
 * so to standard error with the server's other lines), or, with {@code logging.file}, to a file of its own that
 * {@link FileHandler} rotates by size.
 *
 * <p>A request thread only offers its record to a bounded queue; one writer thread formats and writes. Writing on the
 * request thread would make every request wait for the disk, and for each other: a handler's {@code publish} is
 * {@code synchronized}, and the console's flushes after every line. When the writer falls behind by
 * {@value #CAPACITY} lines, more are dropped and counted, and the next line written says how many, so a slow disk
 * never slows requests. Setting the logger's level above INFO turns the log off. Thread-safe.
 */
public final class RequestLog implements Consumer<UsageRecord>, AutoCloseable {
    /** The logger's name: under {@code dev.aiproxy}, so it follows the gateway's own log settings. */
    public static final String LOGGER = "dev.aiproxy.requests";
    static final int CAPACITY = 16_384;
    /** Held strongly: the LogManager keeps loggers only weakly, and with them a level set by the user. */
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /**
     * Between batches: short, so a batch is a short burst of work (formatting and writing a line takes a few
     * microseconds; at 100 ms a batch held a core for about 2 ms at one connection's pace, which requests felt).
     */
    private static final Duration PAUSE = Duration.ofMillis(25);
    private static final int BATCH = 1024;

    private final LogSettings settings;
    private final FileHandler file;
    private final UsageRecordQueue queue = new UsageRecordQueue(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;

    private RequestLog(LogSettings settings, FileHandler file) {
        this.settings = settings;
        this.file = file;
        // a platform thread: the JUL handlers' synchronized publish would pin a virtual one's carrier during I/O
        this.writer = new Thread(this::write, "gw-request-log");
        this.writer.setDaemon(true);
    }

    /**
     * Starts the writer; a relative {@code logging.file} is resolved against {@code baseDir}.
     *
     * @throws UncheckedIOException when the file cannot be opened, naming it
     */
    public static RequestLog start(LogSettings settings, Path baseDir) {
        FileHandler file = null;
        if (settings.file() != null) {
            Path path = baseDir.resolve(settings.file()).toAbsolutePath().normalize();
            try {
                Files.createDirectories(path.getParent());
                file = new FileHandler(path.toString().replace("%", "%%"), (int) settings.maxSizeBytes(),
                        settings.files(), true);
                file.setEncoding(StandardCharsets.UTF_8.name());
                file.setFormatter(new LineOnly());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the request log " + path + " (logging.file): "
                        + e.getMessage(), e);
            }
        }
        RequestLog log = new RequestLog(settings, file);
        log.writer.start();
        return log;
    }

    /** Queues the request's line; never blocks. */
    @Override
    public void accept(UsageRecord record) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Lines dropped so far because the writer was behind. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Drains the queue a batch at a time and sleeps between batches instead of waiting on the queue: a writer waiting
     * on it would be woken by every request's {@code offer}, a thread switch per request (that cost the request log
     * 1.65x CPU per request in bench/feed.sh). A line is written at most {@link #PAUSE} after its request ended.
     */
    private void write() {
        List<UsageRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            queue.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                if (closing) {
                    return;
                }
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException e) {
                    closing = true;
                }
                continue;
            }
            long lost = dropped.sumThenReset();
            if (lost > 0) {
                publish(Level.WARNING, lost + " request log lines were dropped: the log could not keep up");
            }
            for (UsageRecord record : batch) {
                publish(Level.INFO, RequestLogLine.of(record, settings.format()));
            }
            batch.clear();
        }
    }

    private void publish(Level level, String line) {
        LogRecord record = new LogRecord(level, line);
        record.setLoggerName(LOGGER);
        // a formatter that prints the source (SimpleFormatter does) would otherwise find it by walking the stack for
        // every line: that made the request log cost 1.75x CPU per request (bench/feed.sh)
        record.setSourceClassName(LOGGER);
        record.setSourceMethodName(null);
        if (file != null) {
            file.publish(record);
        } else {
            LOG.log(record);
        }
    }

    /** Writes the lines still queued (for up to 2 s), then stops the writer and closes the file. */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            file.close();
        }
    }

    /** The line and a line break: the line carries its own time. */
    private static final class LineOnly extends Formatter {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + System.lineSeparator();
        }
    }
}
