package dev.aiproxy.routing.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A gateway built with {@code state(...)} keeps its state in the parts it was given, and reports their status. */
class SharedStateTest {
    private final Clock clock = Clock.systemUTC();

    /** Limits that admit only while told to, and note each client they were asked about. */
    private static final class SwitchedLimits implements RateLimits {
        final AtomicBoolean open = new AtomicBoolean(true);
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Admission admit(ClientConfig client, long estimatedTokens) {
            asked.add(client.name());
            if (!open.get()) {
                throw new RateLimitedException("closed by the test", Duration.ofSeconds(7), Map.of());
            }
            return new Admission(Map.of("x-ratelimit-limit-requests", "1"));
        }

        @Override
        public void settle(ClientConfig client, long estimatedTokens, long actualTokens) {
        }
    }

    private static GatewayConfig config() {
        return GatewayConfig.builder()
                .addClient(new ClientConfig("team-a", null, List.of("*"), null, null, null, 5, 0))
                .build();
    }

    @Test
    void rateLimitsAreAskedOfTheStatesPart() {
        SwitchedLimits limits = new SwitchedLimits();
        StateStatus degraded = new StateStatus("test://store", true, false, 2, "down");
        AtomicBoolean closed = new AtomicBoolean();
        SharedState state = SharedState.of(CredentialCooldowns.inMemory(clock), limits, BudgetSpend.inMemory(),
                ConversationStore.inMemory(10, Duration.ofMinutes(1), clock), ResponseCache::inMemory,
                () -> degraded, () -> closed.set(true));

        try (Gateway gateway = Gateway.builder(config()).state(state).build()) {
            assertThat(gateway.asClient("team-a").chat(ChatRequest.builder().model("echo").user("hi").build())
                    .text()).isEqualTo("hi");
            limits.open.set(false);

            assertThatThrownBy(() -> gateway.asClient("team-a").chat(ChatRequest.builder().model("echo").user("hi")
                    .build())).isInstanceOf(RateLimitedException.class).hasMessage("closed by the test");
            assertThat(limits.asked).containsExactly("team-a", "team-a");
            assertThat(gateway.stateStatus()).isEqualTo(degraded);
            assertThat(gateway.cooldowns()).isSameAs(state.cooldowns());
        }

        assertThat(closed).as("the caller owns the state, not the gateway").isFalse();
        state.close();
        assertThat(closed).isTrue();
    }

    @Test
    void theDefaultStateIsInMemoryAndHealthy() {
        try (Gateway gateway = Gateway.create(config())) {
            assertThat(gateway.stateStatus()).isEqualTo(StateStatus.LOCAL);
            assertThat(gateway.stateStatus().shared()).isFalse();
        }
    }
}
