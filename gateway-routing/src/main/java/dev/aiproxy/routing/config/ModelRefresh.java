package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * How often the gateway fetches the model list of a provider entry that lists no {@code models:}
 * ({@code models-refresh:}, globally and per entry): the first fetch comes as soon as the entry is live, then one per
 * interval. {@link Duration#ZERO} means never: the entry then serves its type's default models, if it has any.
 *
 * @param every the interval of every entry that sets none; {@link #DEFAULT_EVERY} by default
 * @param byProvider the interval an entry sets for itself, by entry name
 */
public record ModelRefresh(Duration every, Map<String, Duration> byProvider) {
    /** Ten minutes: a new upstream model shows up soon enough, and the list costs the upstream next to nothing. */
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(10);
    public static final ModelRefresh DEFAULTS = new ModelRefresh(DEFAULT_EVERY, Map.of());

    public ModelRefresh {
        requireNonNull(every, "every");
        if (every.isNegative()) {
            throw new IllegalArgumentException("models-refresh must not be negative, was " + every);
        }
        byProvider = byProvider == null ? Map.of() : Map.copyOf(byProvider);
        byProvider.forEach((name, interval) -> {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("provider '" + name + "': models-refresh must not be negative, "
                        + "was " + interval);
            }
        });
    }

    /** The interval of that entry; {@link Duration#ZERO} when its list is never fetched. */
    public Duration intervalOf(String provider) {
        return byProvider.getOrDefault(provider, every);
    }
}
