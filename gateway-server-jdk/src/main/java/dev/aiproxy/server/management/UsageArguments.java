package dev.aiproxy.server.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import dev.aiproxy.routing.usage.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a usage query as an operator writes them, in {@code gateway usage} and the management API's usage
 * resource: points in time and what to group by.
 */
public final class UsageArguments {
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*(m|h|d|w)", Pattern.CASE_INSENSITIVE);

    private UsageArguments() {
    }

    /**
     * {@code 7d}, {@code 24h}, {@code 30m}, {@code 2w} ago; a date ({@code 2026-12-01}, UTC midnight); or an instant
     * ({@code 2026-12-01T10:00:00Z}).
     *
     * @throws IllegalArgumentException naming {@code what} and the forms it takes
     */
    public static Instant instant(String value, String what, Clock clock) {
        Matcher m = AGO.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration ago = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(ago);
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(what + " expects 7d, 24h, 30m, 2w, a date (2026-12-01) or an "
                        + "instant (2026-12-01T10:00:00Z), got \"" + value + "\"");
            }
        }
    }

    /**
     * {@code client}, {@code model}, {@code provider}, {@code day} or {@code hour}, comma-separated; day and hour come
     * first in the result, so a table by day reads down the days.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    public static List<Dimension> dimensions(String value, String what) {
        List<Dimension> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(Dimension.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " expects client, model, provider, day or hour "
                        + "(comma-separated), got \"" + part.strip() + "\"");
            }
        }
        if (out.contains(Dimension.DAY) && out.contains(Dimension.HOUR)) {
            throw new IllegalArgumentException(what + " takes day or hour, not both");
        }
        // time first: a table by day reads down the days
        out.sort((a, b) -> Boolean.compare(!isTime(a), !isTime(b)));
        return List.copyOf(out);
    }

    /** Whether a dimension is a period (day or hour). */
    public static boolean isTime(Dimension d) {
        return d == Dimension.DAY || d == Dimension.HOUR;
    }
}
