package dev.aiproxy.routing.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterParserTest {
    private final RetryAfterParser parser = new RetryAfterParser(
            Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

    private static UpstreamResponse withHeaders(String... pairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], List.of(pairs[i + 1]));
        }
        return new UpstreamResponse(429, headers, InputStream.nullInputStream());
    }

    @Test
    void readsSeconds() {
        assertThat(parser.parse(withHeaders("Retry-After", "20"))).contains(Duration.ofSeconds(20));
    }

    @Test
    void prefersMillisecondsWhenGiven() {
        assertThat(parser.parse(withHeaders("retry-after-ms", "1500", "retry-after", "2")))
                .contains(Duration.ofMillis(1500));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(parser.parse(withHeaders("Retry-After", "Fri, 27 Nov 2026 12:00:30 GMT")))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void ignoresNegativePastAndUnreadableValues() {
        assertThat(parser.parse(withHeaders("Retry-After", "-5"))).isEmpty();
        assertThat(parser.parse(withHeaders("Retry-After", "Fri, 27 Nov 2026 11:00:00 GMT"))).isEmpty();
        assertThat(parser.parse(withHeaders("Retry-After", "soon"))).isEmpty();
        assertThat(parser.parse(withHeaders())).isEmpty();
    }
}
