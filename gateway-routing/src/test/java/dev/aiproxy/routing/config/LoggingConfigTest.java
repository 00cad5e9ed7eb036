package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code logging:} keys: the request log's format, file and rotation. */
class LoggingConfigTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());

    private GatewayConfig parse(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null).config();
    }

    @Test
    void logsTextToStandardErrorByDefault() {
        GatewayConfig config = parse("port: 8317\n");

        assertThat(config.logging()).isEqualTo(LogSettings.DEFAULTS);
        assertThat(config.logging().format()).isEqualTo(LogSettings.Format.TEXT);
        assertThat(config.logging().file()).isNull();
        assertThat(config.logging().maxSizeBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.logging().files()).isEqualTo(5);
    }

    @Test
    void readsTheFormatTheFileAndItsRotation() {
        GatewayConfig config = parse("""
                logging:
                  format: json
                  file: logs/requests.log
                  max-size: 64MiB
                  files: 3
                """);

        assertThat(config.logging()).isEqualTo(new LogSettings(LogSettings.Format.JSON,
                Path.of("logs/requests.log"), 64L * 1024 * 1024, 3));
    }

    @Test
    void namesEveryBadLoggingValueWithItsLine() {
        assertThatThrownBy(() -> parse("""
                logging:
                  format: xml
                  file: ""
                  max-size: 10
                  files: 0
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2: logging.format: expected text or json, got \"xml\"")
                .hasMessageContaining("config.yaml:3: logging.file: expected a file path")
                .hasMessageContaining("config.yaml:4: logging.max-size: must be from 1KiB to 2GiB, got 10 bytes")
                .hasMessageContaining("config.yaml:5: logging.files: must be between 1 and 1000, was 0");
    }
}
