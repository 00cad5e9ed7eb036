package dev.aiproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.redis.testing.RedisServer;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.SharedStates;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Redis that asks for a password: reached with it, and the password shown nowhere. */
class RedisPasswordTest {

    @Test
    void theStateOpensWithThePasswordAndNeverShowsIt() throws Exception {
        try (RedisServer redis = RedisServer.start("s3cret-pass");
                SharedState state = SharedStates.open(new StateSettings(redis.url(), Duration.ofMillis(200)),
                        Clock.systemUTC())) {

            assertThat(state.status().healthy()).isTrue();
            assertThat(state.status().description()).isEqualTo("redis://:***@127.0.0.1:" + redis.port())
                    .doesNotContain("s3cret-pass");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtStartWithAMessageThatDoesNotShowIt() throws Exception {
        try (RedisServer redis = RedisServer.start("s3cret-pass")) {
            String wrong = "redis://:wrong-pass@127.0.0.1:" + redis.port();

            assertThatThrownBy(() -> SharedStates.open(new StateSettings(wrong, Duration.ofMillis(200)),
                    Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("redis://:***@127.0.0.1:" + redis.port())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pass"));
        }
    }

    @Test
    void settingsPrintWithThePasswordMasked() {
        StateSettings settings = new StateSettings("rediss://user:pw@cache.example:6380/2", null);

        assertThat(settings.toString()).doesNotContain("pw@").contains("rediss://user:***@cache.example:6380/2");
        assertThat(settings.timeout()).isEqualTo(StateSettings.DEFAULT_TIMEOUT);
    }
}
