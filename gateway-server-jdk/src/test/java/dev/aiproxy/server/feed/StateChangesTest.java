package dev.aiproxy.server.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.state.StateStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared state store's turns as the event feed tells them: once when it degrades, once when it is back. */
class StateChangesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final StateStatus HEALTHY = new StateStatus("redis://:***@cache:6379", true, true, 0, null);
    private static final StateStatus DEGRADED = new StateStatus("redis://:***@cache:6379", true, false, 3,
            "rate limit: RedisCommandTimeoutException: no answer within 50 ms");

    private final StateChanges changes = new StateChanges();

    @Test
    void theFirstLookOnlyTakesNote() {
        assertThat(changes.store(DEGRADED, NOW)).isNull();
    }

    @Test
    void aStoreThatStopsAnsweringIsToldOnceWithItsKindAndError() {
        changes.store(HEALTHY, NOW);

        StateChanges.StoreChanged degraded = changes.store(DEGRADED, NOW);

        assertThat(degraded).isEqualTo(new StateChanges.StoreChanged("state_store_degraded", NOW.toString(), "redis",
                3, "rate limit: RedisCommandTimeoutException: no answer within 50 ms"));
        assertThat(changes.store(DEGRADED, NOW)).as("still degraded: nothing new").isNull();
        assertThat(changes.store(HEALTHY, NOW).change()).isEqualTo("state_store_restored");
    }

    @Test
    void stateKeptInMemoryIsNeverTold() {
        changes.store(StateStatus.LOCAL, NOW);

        assertThat(changes.store(StateStatus.LOCAL, NOW)).isNull();
    }
}
