package dev.aiproxy.routing.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A question for {@link UsageQueries#totals}: usage from {@code from} (inclusive) to {@code to} (exclusive), grouped
 * by the dimensions given (none: one row for everything). Requests are counted by the hour they started in, so the
 * range is widened to whole hours (whole days when grouped by day).
 *
 * @param from the start, inclusive
 * @param to the end, exclusive
 * @param groupBy what to group by, in order; at most one of {@code DAY} and {@code HOUR}
 */
public record UsageQuery(Instant from, Instant to, List<Dimension> groupBy) {
    public UsageQuery {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        groupBy = List.copyOf(groupBy);
        if (groupBy.contains(Dimension.DAY) && groupBy.contains(Dimension.HOUR)) {
            throw new IllegalArgumentException("group by DAY or by HOUR, not both");
        }
        if (groupBy.stream().distinct().count() != groupBy.size()) {
            throw new IllegalArgumentException("a dimension appears twice in " + groupBy);
        }
    }

    /** Usage since {@code from}, up to now and beyond, grouped by {@code groupBy}. */
    public static UsageQuery since(Instant from, Dimension... groupBy) {
        return new UsageQuery(from, Instant.MAX, List.of(groupBy));
    }
}
