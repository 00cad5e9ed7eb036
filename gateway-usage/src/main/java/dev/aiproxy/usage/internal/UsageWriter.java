package dev.aiproxy.usage.internal;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.usage.UsageRecordQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes usage records off the request path: request threads put records in a bounded queue (never waiting, never
 * taking a lock: {@link UsageRecordQueue}), and one thread drains it, a batch per transaction (the rows and their hourly
 * and daily totals together). The writer looks at the queue every {@link #BATCH_INTERVAL} while it is empty, and a
 * batch is what arrives within that interval of its first record, up to {@value #MAX_BATCH}, so a {@code kill -9}
 * loses at most two intervals' records. A full queue counts records as dropped. A failed batch
 * is kept and tried again with a growing pause while the queue fills (then drops). Between batches it deletes what is
 * older than the retention, in small chunks, so writing never waits long for it. Closing drains the queue.
 */
public final class UsageWriter {
    private static final System.Logger LOG = System.getLogger(UsageWriter.class.getName());
    /**
     * Records per transaction at most: at full load the queue holds more than a batch interval's, and each
     * transaction has a cost of its own (the hours' totals, the commit).
     */
    static final int MAX_BATCH = 5_000;
    /**
     * How long a batch gathers records after its first: a transaction per record would cost the writer (and the
     * machine the gateway shares) far more than the rows themselves. Not longer: a batch is CPU work in one burst, and
     * at 200 ms (about 4 ms of a core at one connection's pace) the requests that met a burst were part of the slowest
     * 1% (p99 at one connection 3.75 -> 3.21 ms; docs/performance.md, "The tail"). Also what a {@code kill -9} may lose.
     */
    static final Duration BATCH_INTERVAL = Duration.ofMillis(50);
    /** Rows deleted per transaction when pruning. */
    private static final int PRUNE_CHUNK = 5_000;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** How long {@link #close} lets a failing database hold the stop. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final Database database;
    private final UsageRecordQueue queue;
    private final int retentionDays;
    private final Clock clock;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile String lastError;
    private Instant nextPrune = Instant.MIN;
    /** Records deleted by the pruning under way; only the writer's thread touches it. */
    private long pruned;
    /** The first round runs right after start, where the store has just optimized. */
    private boolean firstPrune = true;

    public UsageWriter(Database database, int queueCapacity, int retentionDays, Clock clock) {
        this.database = database;
        this.queue = new UsageRecordQueue(queueCapacity);
        this.retentionDays = retentionDays;
        this.clock = clock;
        // a platform thread: JDBC drivers may hold a monitor across their I/O, which would pin a virtual thread
        this.thread = Thread.ofPlatform().name("gw-usage-writer").daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Queues a record; never blocks. A full queue, or a closed writer, counts it as dropped. */
    public void offer(UsageRecord record) {
        if (!accepting || !queue.offer(record)) {
            dropped.increment();
        }
    }

    public long queued() {
        return queue.size();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long written() {
        return written.get();
    }

    /** The last failure, or null once a batch has been written since. */
    public String lastError() {
        return lastError;
    }

    /** Stops taking records, writes what waits (giving a failing database a few seconds), and stops. Blocks. */
    public void close() {
        accepting = false;
        closing.countDown();
        // wakes the writer if it waits for records; it then drains what is left without waiting
        thread.interrupt();
        try {
            thread.join(CLOSE_GRACE.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.ERROR, "the usage writer did not stop in time; " + queue.size()
                    + " records are lost");
        }
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(MAX_BATCH);
        Duration pause = FIRST_RETRY;
        Instant giveUpAt = null;
        while (true) {
            if (batch.isEmpty() && !fill(batch)) {
                return;
            }
            try {
                write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                lastError = null;
                pause = FIRST_RETRY;
                pruneQuietly();
            } catch (SQLException | RuntimeException e) {
                lastError = describe(e);
                if (closing.getCount() == 0) {
                    giveUpAt = giveUpAt != null ? giveUpAt : clock.instant().plus(CLOSE_GRACE);
                    if (clock.instant().isAfter(giveUpAt)) {
                        long lost = batch.size() + queue.size();
                        dropped.add(lost);
                        LOG.log(System.Logger.Level.ERROR, "stopping with " + lost + " usage records unwritten to "
                                + database.description() + ": " + lastError);
                        return;
                    }
                }
                LOG.log(System.Logger.Level.WARNING, "writing " + batch.size() + " usage records to "
                        + database.description() + " failed; trying again in " + pause.toMillis() + " ms: "
                        + lastError);
                await(pause);
                pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
            }
        }
    }

    /**
     * A failure in one line: a batch's own cause rather than the statement it aborted (PostgreSQL repeats the whole
     * batch's SQL in the message), at most 300 characters.
     */
    static String describe(Exception e) {
        Exception shown = e;
        if (e instanceof SQLException sql && sql.getNextException() != null) {
            shown = sql.getNextException();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Takes the next batch; false when the writer is closing and nothing waits. */
    private boolean fill(List<UsageRecord> batch) {
        UsageRecord first;
        while ((first = next()) == null) {
            if (closing.getCount() == 0) {
                return false;
            }
            pruneQuietly();
        }
        batch.add(first);
        // the rest of the batch is gathered by sleeping, not by waiting on the queue: a waiting writer would be woken
        // by every record offered, a thread switch per request on a busy machine
        if (closing.getCount() > 0 && queue.size() < MAX_BATCH) {
            pause(BATCH_INTERVAL);
        }
        queue.drainTo(batch, MAX_BATCH - 1);
        return true;
    }

    /** Sleeps, unless the writer is told to close meanwhile. */
    private void pause(Duration length) {
        try {
            closing.await(length.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // close() interrupts: the batch is written at once
        }
    }

    /**
     * The next record; when none waits and the writer is open, it looks again after {@link #BATCH_INTERVAL} (the queue
     * wakes nobody: an offer must not wait on the writer). Null when none came.
     */
    private UsageRecord next() {
        if (closing.getCount() == 0) {
            // close() may have interrupted a batch rather than a pause: clear it for the batches left
            Thread.interrupted();
            return queue.poll();
        }
        UsageRecord record = queue.poll();
        if (record == null) {
            pause(BATCH_INTERVAL);
            record = queue.poll();
        }
        return record;
    }

    private void write(List<UsageRecord> batch) throws SQLException {
        database.inTransaction(c -> {
            long[] ids = database.newIds(c, batch.size());
            try (PreparedStatement insert = c.prepareStatement(RequestRows.INSERT)) {
                for (int i = 0; i < batch.size(); i++) {
                    RequestRows.bind(insert, ids[i], batch.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Rollups.add(c, batch, ids);
            return null;
        });
    }

    private void pruneQuietly() {
        try {
            pruneWhenDue();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning old usage records failed; trying again later: "
                    + e.getMessage());
        }
    }

    /**
     * Once an hour, deletes the records older than the retention: one chunk per call, between batches, until a chunk
     * comes back short; then the hourly and daily totals of those days, and the planner's statistics are refreshed.
     */
    private void pruneWhenDue() throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        if (retentionDays == 0) {
            nextPrune = now.plus(PRUNE_EVERY);
            if (!firstPrune) {
                database.optimize(false);
            }
            firstPrune = false;
            return;
        }
        // whole hours, so that an hour's totals and rows go together
        long before = Math.floorDiv(now.minus(Duration.ofDays(retentionDays)).toEpochMilli(), Rollups.HOUR_MS)
                * Rollups.HOUR_MS;
        int deleted = database.inTransaction(c -> {
            long last = lastIdBefore(c, before);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM usage_requests WHERE id IN "
                    + "(SELECT id FROM usage_requests WHERE id <= ? AND started_at < ? ORDER BY id LIMIT "
                    + PRUNE_CHUNK + ")")) {
                s.setLong(1, last);
                s.setLong(2, before);
                return s.executeUpdate();
            }
        });
        pruned += deleted;
        if (deleted == PRUNE_CHUNK) {
            return;
        }
        long day = Math.floorDiv(before, Rollups.DAY_MS) * Rollups.DAY_MS;
        database.inTransaction(c -> {
            try (PreparedStatement hourly = c.prepareStatement("DELETE FROM usage_hourly WHERE period_start < ?");
                    PreparedStatement daily = c.prepareStatement("DELETE FROM usage_daily WHERE period_start < ?")) {
                hourly.setLong(1, before);
                hourly.executeUpdate();
                daily.setLong(1, day);
                daily.executeUpdate();
            }
            return null;
        });
        nextPrune = now.plus(PRUNE_EVERY);
        if (!firstPrune) {
            database.optimize(false);
        }
        firstPrune = false;
        if (pruned > 0) {
            long total = pruned;
            LOG.log(System.Logger.Level.INFO, () -> "deleted " + total + " usage records older than " + retentionDays
                    + " days");
        }
        pruned = 0;
    }

    /**
     * The largest id a row older than {@code before} can have, from the hourly totals (the rows have no index on their
     * time): the last id of the hours before it, or what precedes the first id of the hours kept. Deleting walks the
     * ids up to it, not the whole table.
     */
    private static long lastIdBefore(Connection c, long before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(last_id) FROM usage_hourly WHERE period_start < ? "
                + "UNION ALL SELECT MIN(first_id) - 1 FROM usage_hourly WHERE period_start >= ?")) {
            s.setLong(1, before);
            s.setLong(2, before);
            long last = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    last = Math.max(last, rs.getLong(1));
                }
            }
            return last;
        }
    }

    /** Pauses before trying a failed batch again; wakes when the writer is told to close, then pauses briefly. */
    private void await(Duration pause) {
        try {
            if (closing.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(pause.toNanos(), 200_000_000L));
            }
        } catch (InterruptedException e) {
            // close() interrupted the pause: try again at once, then within the grace
        }
    }
}
