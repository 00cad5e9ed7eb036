package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost keys of the config: {@code prices:}, {@code budget:} (the gateway's and a client's), {@code usage:}. */
class CostConfigTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());

    private LoadedConfig parse(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null);
    }

    @Test
    void readsPricesExactlyAsWritten() {
        GatewayConfig config = parse("""
                prices:
                  - model: "gpt-4o-mini"
                    input: 0.15
                    output: 0.60
                    cached-input: 0.075
                    cache-write: 0.1875
                  - model: "local-*"
                    input: 0
                    output: 0
                """).config();

        assertThat(config.prices()).containsExactly(
                new ModelPrice("gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"),
                        new BigDecimal("0.075"), new BigDecimal("0.1875")),
                new ModelPrice("local-*", BigDecimal.ZERO, BigDecimal.ZERO, null, null));
        assertThat(config.prices().get(1).isGlob()).isTrue();
    }

    @Test
    void rejectsANegativeOrNonNumericPriceNamingItsLine() {
        assertThatThrownBy(() -> parse("""
                prices:
                  - model: a
                    input: -0.5
                    output: 1
                  - model: b
                    input: 1
                    output: lots
                  - model: c
                    output: 1
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:3: prices[0].input: must not be negative, was -0.5")
                .hasMessageContaining("config.yaml:7: prices[1].output: not a number: \"lots\"")
                .hasMessageContaining("prices[2].input: required");
    }

    @Test
    void readsTheGatewaysBudgetAndAClientsBudget() {
        GatewayConfig config = parse("""
                budget:
                  daily-usd: 100
                  monthly-usd: 2000.50
                clients:
                  - name: team-a
                    key: sk-team-a
                    budget: {daily-usd: 5}
                  - name: team-b
                    key: sk-team-b
                """).config();

        assertThat(config.budget()).isEqualTo(new Budget(new BigDecimal("100"), new BigDecimal("2000.50")));
        assertThat(config.client("team-a").budget()).isEqualTo(new Budget(new BigDecimal("5"), null));
        assertThat(config.client("team-b").budget()).isEqualTo(Budget.NONE);
        assertThat(config.client("team-b").budget().limits()).isFalse();
    }

    @Test
    void rejectsANegativeBudgetNamingItsLine() {
        assertThatThrownBy(() -> parse("""
                clients:
                  - name: team-a
                    key: sk-team-a
                    budget:
                      monthly-usd: -3
                """)).hasMessageContaining("config.yaml:5: clients[0].budget.monthly-usd: must not be negative");
    }

    @Test
    void readsTheUsageStoreAndItsRetention() {
        GatewayConfig config = parse("""
                usage:
                  store: sqlite:/var/lib/gateway/usage.db
                  retention-days: 30
                """).config();

        assertThat(config.usage()).isEqualTo(new UsageSettings("sqlite:/var/lib/gateway/usage.db", 30,
                UsageSettings.DEFAULTS.queueCapacity()));
    }

    @Test
    void keepsUsageInSqliteBesideTheConfigByDefault() {
        GatewayConfig config = parse("port: 9000\n").config();

        assertThat(config.usage()).isEqualTo(UsageSettings.DEFAULTS);
        assertThat(config.usage().store()).isEqualTo("sqlite:usage.db");
        assertThat(config.usage().retentionDays()).isEqualTo(90);
        assertThat(parse("usage: {store: none}").config().usage().off()).isTrue();
    }
}
