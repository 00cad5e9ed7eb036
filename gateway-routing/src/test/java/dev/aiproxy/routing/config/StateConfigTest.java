package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code state:} key: where the state several instances share is kept, and how long a request waits on it. */
class StateConfigTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of("REDIS_PASSWORD", "pw-from-env"));

    private LoadedConfig load(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null);
    }

    @Test
    void keepsTheStateInMemoryByDefault() {
        StateSettings state = load("port: 8317\n").config().state();

        assertThat(state).isEqualTo(StateSettings.LOCAL);
        assertThat(state.shared()).isFalse();
    }

    @Test
    void readsTheShortFormWithTheDefaultTimeout() {
        StateSettings state = load("state: redis://127.0.0.1:6379\n").config().state();

        assertThat(state).isEqualTo(new StateSettings("redis://127.0.0.1:6379", Duration.ofMillis(50)));
        assertThat(state.shared()).isTrue();
    }

    @Test
    void readsTheLongFormWithItsTimeoutAndAPasswordFromTheEnvironment() {
        StateSettings state = load("""
                state:
                  url: rediss://:${REDIS_PASSWORD}@cache.internal:6380/1
                  timeout: 20ms
                """).config().state();

        assertThat(state.url()).isEqualTo("rediss://:pw-from-env@cache.internal:6380/1");
        assertThat(state.timeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(state.redactedUrl()).isEqualTo("rediss://:***@cache.internal:6380/1");
    }

    @Test
    void refusesAValueThatIsNotAUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> load("state: hunter2\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:1: state.url: expected a URL such as redis://host:6379")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void refusesATimeoutThatIsNotADuration() {
        assertThatThrownBy(() -> load("state:\n  url: redis://h:1\n  timeout: soon\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:3: state.timeout: not a duration");
    }
}
