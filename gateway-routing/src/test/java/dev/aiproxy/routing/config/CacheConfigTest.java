package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cache:} keys: which requests the response cache serves, for how long, in how much memory. */
class CacheConfigTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());

    private LoadedConfig load(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null);
    }

    @Test
    void cachesNothingByDefault() {
        CacheSettings cache = load("port: 8317\n").config().cache();

        assertThat(cache).isEqualTo(CacheSettings.OFF);
        assertThat(cache.enabled()).isFalse();
    }

    @Test
    void readsTheTtlTheBoundTheModelsAndTheClients() {
        CacheSettings cache = load("""
                cache:
                  ttl: 10m
                  max-bytes: 16MiB
                  models: [gpt-4o*, claude]
                  clients: [batch]
                """).config().cache();

        assertThat(cache).isEqualTo(new CacheSettings(Duration.ofMinutes(10), 16L * 1024 * 1024,
                List.of("gpt-4o*", "claude"), List.of("batch")));
        assertThat(cache.enabled()).isTrue();
    }

    @Test
    void leavesOutTheTtlAndTheBoundForTheirDefaults() {
        CacheSettings cache = load("cache:\n  models: ['*']\n").config().cache();

        assertThat(cache.ttl()).isEqualTo(CacheSettings.DEFAULT_TTL);
        assertThat(cache.maxBytes()).isEqualTo(CacheSettings.DEFAULT_MAX_BYTES);
    }

    @Test
    void warnsThatACacheNamingNothingCachesNothing() {
        LoadedConfig loaded = load("cache:\n  ttl: 1m\n");

        assertThat(loaded.config().cache().enabled()).isFalse();
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w.toString()).contains("cache")
                .contains("nothing is cached"));
    }

    @Test
    void namesEveryBadCacheValueWithItsLine() {
        assertThatThrownBy(() -> load("""
                cache:
                  ttl: soon
                  max-bytes: 10
                  models: gpt
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2: cache.ttl: not a duration")
                .hasMessageContaining("config.yaml:3: cache.max-bytes: must be at least 1KiB, got 10 bytes")
                .hasMessageContaining("config.yaml:4: cache.models: expected a list");
    }
}
