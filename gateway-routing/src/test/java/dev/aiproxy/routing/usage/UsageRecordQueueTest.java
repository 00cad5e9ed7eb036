package dev.aiproxy.routing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UsageRecordQueueTest {

    private static UsageRecord record(int n) {
        return UsageRecord.builder("req_" + n, Instant.EPOCH).client("c").endpoint("/v1/chat/completions").build();
    }

    @Test
    void manyThreadsOfferingPastTheBoundGetExactlyTheCapacityInAndTheRestRefused() throws Exception {
        UsageRecordQueue queue = new UsageRecordQueue(1_000);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1_000;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < 1_000; i++) {
                    if (queue.offer(record(base + i))) {
                        accepted.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(accepted.get()).isEqualTo(1_000);
        assertThat(queue.size()).isEqualTo(1_000);
        List<UsageRecord> drained = new ArrayList<>();
        queue.drainTo(drained, 600);
        assertThat(drained).hasSize(600);
        assertThat(queue.size()).isEqualTo(400);
        assertThat(queue.offer(record(-1))).as("room again after a drain").isTrue();
    }

    @Test
    void recordsComeOutInTheOrderTheyWentIn() {
        UsageRecordQueue queue = new UsageRecordQueue(10);
        for (int i = 0; i < 3; i++) {
            queue.offer(record(i));
        }

        assertThat(queue.poll().requestId()).isEqualTo("req_0");
        List<UsageRecord> rest = new ArrayList<>();
        queue.drainTo(rest, 10);
        assertThat(rest).extracting(UsageRecord::requestId).containsExactly("req_1", "req_2");
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
    }
}
