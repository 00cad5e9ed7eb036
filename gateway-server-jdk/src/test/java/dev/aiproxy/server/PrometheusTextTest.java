package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.server.testing.PrometheusText;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser of Prometheus's text format reads what the format allows and refuses what it does not. */
class PrometheusTextTest {
    @Test
    void readsTheFormatsOwnExampleWithEscapedLabelValues() {
        String text = """
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000
                # A plain comment
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                """;

        Map<String, PrometheusText.Family> families = PrometheusText.parse(text);

        assertThat(families.get("http_requests_total").type()).isEqualTo("counter");
        assertThat(families.get("http_requests_total").sum("http_requests_total", Map.of("method", "post")))
                .isEqualTo(1030);
        assertThat(families.get("msdos_file_access_time_seconds").samples().getFirst().labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT").containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(families.get("something_weird").samples().getFirst().value()).isInfinite();
        assertThat(families.get("http_request_duration_seconds").samples()).hasSize(5);
    }

    @Test
    void refusesWhatTheFormatDoesNot() {
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"c} 1\n")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"\\t\"} 1\n")).hasMessageContaining("escape");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=c} 1\n")).hasMessageContaining("not quoted");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"1\",b=\"2\"} 1\n")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusText.parse("1a 1\n")).hasMessageContaining("metric name");
        assertThatThrownBy(() -> PrometheusText.parse("a one\n")).hasMessageContaining("not a value");
        assertThatThrownBy(() -> PrometheusText.parse("a 1\nb 1\na 2\n")).hasMessageContaining("one group");
        assertThatThrownBy(() -> PrometheusText.parse("a 1\n# TYPE a counter\n")).hasMessageContaining("after");
        assertThatThrownBy(() -> PrometheusText.parse("a 1")).hasMessageContaining("line feed");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE h histogram
                h_bucket{le="1"} 5
                h_bucket{le="+Inf"} 4
                h_count 4
                """)).hasMessageContaining("cumulative");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE h histogram
                h_bucket{le="+Inf"} 4
                h_count 5
                """)).hasMessageContaining("_count");
    }
}
