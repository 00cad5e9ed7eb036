package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long an upstream asks us to wait: {@code retry-after-ms} (OpenAI's), then {@code Retry-After} as seconds
 * or as an HTTP date (RFC 9110, section 10.2.3). Negative or unreadable values are ignored.
 */
public final class RetryAfterParser {
    private final Clock clock;

    public RetryAfterParser(Clock clock) {
        this.clock = clock;
    }

    public Optional<Duration> parse(UpstreamResponse response) {
        Optional<String> ms = response.header("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double value = Double.parseDouble(ms.get().trim());
                if (value >= 0) {
                    return Optional.of(Duration.ofMillis((long) value));
                }
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        return response.header("retry-after").flatMap(this::parseRetryAfter);
    }

    Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
