package dev.aiproxy.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementJsonTest {

    private static String json(Object value) {
        return new String(ManagementJson.write(value), StandardCharsets.UTF_8);
    }

    @Test
    void costsArePlainNumbersWithoutTrailingZeros() {
        assertThat(json(Map.of("cost_usd", BigDecimal.valueOf(0, 9)))).isEqualTo("{\"cost_usd\":0}");
        assertThat(json(Map.of("cost_usd", BigDecimal.valueOf(8_850, 9)))).isEqualTo("{\"cost_usd\":0.00000885}");
        assertThat(json(Map.of("cost_usd", new BigDecimal("12.500000000")))).isEqualTo("{\"cost_usd\":12.5}");
        assertThat(json(Map.of("cost_usd", new BigDecimal("1E+3")))).isEqualTo("{\"cost_usd\":1000}");
    }
}
