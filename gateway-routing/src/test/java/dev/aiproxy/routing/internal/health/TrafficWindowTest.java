package dev.aiproxy.routing.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficWindowTest {
    private static final long START = 1_800_000_000_000L;

    @Test
    void countsSuccessesFailuresAndLatencyWithinTheWindow() {
        TrafficWindow window = new TrafficWindow();

        window.record(START, true, 2_000_000);
        window.record(START + 15_000, false, 4_000_000);
        window.record(START + 290_000, true, 6_000_000);

        assertThat(window.totals(START + 290_000))
                .isEqualTo(new TrafficWindow.Totals(2, 1, 12_000));
    }

    @Test
    void attemptsOlderThanFiveMinutesDropOut() {
        TrafficWindow window = new TrafficWindow();
        window.record(START, false, 1_000);
        window.record(START + 60_000, true, 1_000);

        TrafficWindow.Totals later = window.totals(START + TrafficWindow.SPAN.toMillis() + 10_000);

        assertThat(later.failures()).isZero();
        assertThat(later.successes()).isEqualTo(1);
    }

    @Test
    void aBucketReusedWhenItsTimeComesRoundStartsFromZero() {
        TrafficWindow window = new TrafficWindow();
        window.record(START, false, 1_000);

        window.record(START + TrafficWindow.SPAN.toMillis(), true, 1_000);

        assertThat(window.totals(START + TrafficWindow.SPAN.toMillis()))
                .isEqualTo(new TrafficWindow.Totals(1, 0, 1));
    }

    @Test
    void aWindowNeverUsedIsEmptyEvenAtTheEpoch() {
        assertThat(new TrafficWindow().totals(0).attempts()).isZero();
    }

    @Test
    void concurrentRecordsWithinOneBucketAreAllCounted() throws Exception {
        TrafficWindow window = new TrafficWindow();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    window.record(START + 1, i % 4 != 0, Duration.ofMillis(1).toNanos());
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        TrafficWindow.Totals totals = window.totals(START + 1);

        assertThat(totals.successes()).isEqualTo(60_000);
        assertThat(totals.failures()).isEqualTo(20_000);
        assertThat(totals.latencyMicros()).isEqualTo(80_000_000L);
    }
}
