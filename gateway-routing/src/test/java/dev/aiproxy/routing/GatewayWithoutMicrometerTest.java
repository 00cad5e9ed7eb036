package dev.aiproxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.routing.config.GatewayConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: a gateway built without a meter registry must never load its classes. This
 * module's build runs every test but the metrics ones with Micrometer off the class path (gateway-routing/pom.xml),
 * and this test makes sure it is off there, so the rest of the suite proves the gateway works without it.
 */
class GatewayWithoutMicrometerTest {
    @Test
    void theGatewayServesAndRecordsUsageWithMicrometerOffTheClassPath() {
        List<UsageRecord> records = new CopyOnWriteArrayList<>();

        String answer;
        try (Gateway gateway = Gateway.builder(GatewayConfig.builder().build()).onUsage(records::add).build()) {
            answer = gateway.chat(ChatRequest.builder().model("echo").user("no meters").build()).text();
        }

        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .as("the surefire execution of this test leaves Micrometer off the class path")
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(answer).isEqualTo("no meters");
        assertThat(records).singleElement().extracting(UsageRecord::model).isEqualTo("echo");
    }
}
