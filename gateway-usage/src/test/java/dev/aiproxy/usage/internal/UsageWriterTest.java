package dev.aiproxy.usage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.translate.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer between request threads and the database: a real SQLite file, behind a gate the test can close (writes
 * then block) or break (writes then fail), as a stalled disk or a database that went away would.
 */
class UsageWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private SqliteDatabase sqlite;
    private final Gate gate = new Gate();
    private JdbcUsageStore store;

    /** The real database, with writes that wait while the gate is shut and fail while it is broken. */
    private final class Gate implements Database {
        final AtomicBoolean broken = new AtomicBoolean();
        volatile CountDownLatch shut = new CountDownLatch(0);
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public <T> T inTransaction(Work<T> work) throws SQLException {
            attempts.incrementAndGet();
            try {
                shut.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (broken.get()) {
                throw new SQLTransientConnectionException("connection refused (the test broke it)");
            }
            return sqlite.inTransaction(work);
        }

        @Override
        public long[] newIds(Connection connection, int count) throws SQLException {
            return sqlite.newIds(connection, count);
        }

        @Override
        public <T> T read(Work<T> work) throws SQLException {
            return sqlite.read(work);
        }

        @Override
        public String description() {
            return sqlite.description();
        }

        @Override
        public void close() {
            sqlite.close();
        }
    }

    @BeforeEach
    void open() {
        sqlite = SqliteDatabase.forWriting(dir.resolve("usage.db"));
        Schema.migrate(sqlite.dataSource(), "INTEGER PRIMARY KEY", " WITHOUT ROWID");
    }

    @AfterEach
    void close() {
        gate.shut.countDown();
        gate.broken.set(false);
        if (store != null) {
            store.close();
        }
    }

    private UsageWriter writer(int capacity) {
        UsageWriter writer = new UsageWriter(gate, capacity, 0, Clock.systemUTC());
        store = new JdbcUsageStore(gate, writer);
        writer.start();
        return writer;
    }

    private static UsageRecord record(int n) {
        return UsageRecord.builder("req_" + n, Instant.now()).client("c").endpoint("/v1/messages").model("m")
                .usage(Usage.of(n, 1)).build();
    }

    @Test
    void aFullQueueCountsWhatItCannotHoldAsDroppedWithoutBlockingTheCaller() {
        UsageWriter writer = writer(10);
        gate.shut = new CountDownLatch(1);
        writer.offer(record(0));
        Await.until(WAIT, () -> gate.attempts.get() == 1, "the writer holds its first batch at the gate");

        for (int i = 1; i <= 25; i++) {
            writer.offer(record(i));
        }

        assertThat(writer.queued()).isEqualTo(10);
        assertThat(writer.dropped()).isEqualTo(15);
        gate.shut.countDown();
        Await.until(WAIT, () -> writer.written() == 11, "what the queue held is written");
        assertThat(store.requestLog(RequestLogQuery.latest(100)).records()).hasSize(11);
    }

    @Test
    void whileWritesFailRecordsWaitTheStoreSaysSoAndTheyAreWrittenOnceItRecovers() {
        UsageWriter writer = writer(100);
        gate.broken.set(true);

        writer.offer(record(1));
        writer.offer(record(2));
        Await.until(WAIT, () -> store.status().lastError() != null, "the failure is seen");

        assertThat(store.status().healthy()).isFalse();
        assertThat(store.status().lastError()).contains("connection refused");
        assertThat(store.status().dropped()).isZero();
        gate.broken.set(false);
        Await.until(WAIT, () -> writer.written() == 2, "written after the database came back");
        assertThat(store.status().healthy()).isTrue();
    }

    @Test
    void closingWaitsForTheLastBatch() {
        UsageWriter writer = writer(1_000);
        for (int i = 0; i < 300; i++) {
            writer.offer(record(i));
        }

        writer.close();

        assertThat(writer.written() + writer.dropped()).isEqualTo(300);
        assertThat(writer.dropped()).isZero();
    }
}
