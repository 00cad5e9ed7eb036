package dev.aiproxy.routing.internal.cost;

import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ModelPrice;
import dev.aiproxy.routing.internal.route.Globs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds a model's price: the config's {@code prices:} entries first (a name, then the globs in order), then the table
 * shipped in the jar ({@code prices.yaml}: the name, then without a {@code vendor/} prefix, then without a date
 * suffix, {@code -20250929} or Vertex AI's {@code @20250929}). Immutable, one per config; lookups are cached, so a request pays a map lookup. Thread-safe.
 */
public final class PriceTable {
    /** The shipped table's file name, beside this class. */
    static final String FILE = "prices.yaml";
    /** A snapshot's date: {@code -20250929}, {@code -2024-07-18}, or Vertex AI's {@code @20250929} on Claude models. */
    private static final Pattern DATE_SUFFIX = Pattern.compile("[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8})$");
    /** Names looked up at most this many times are remembered; beyond, each lookup scans (a bound on memory). */
    private static final int MAX_CACHED = 10_000;
    private static final Optional<ModelPrice> NONE = Optional.empty();

    private final Map<String, ModelPrice> configured = new HashMap<>();
    private final List<ModelPrice> configuredGlobs = new ArrayList<>();
    private final Map<String, ModelPrice> shipped;
    private final ConcurrentHashMap<String, Optional<ModelPrice>> cache = new ConcurrentHashMap<>();

    private PriceTable(List<ModelPrice> configured, Map<String, ModelPrice> shipped) {
        for (ModelPrice price : configured) {
            if (price.isGlob()) {
                configuredGlobs.add(price);
            } else {
                this.configured.putIfAbsent(price.model(), price);
            }
        }
        this.shipped = shipped;
    }

    /** The config's prices before the shipped table. */
    public static PriceTable of(List<ModelPrice> configured) {
        return new PriceTable(configured, Shipped.TABLE);
    }

    /** Only these prices, with no shipped table (for tests). */
    static PriceTable only(List<ModelPrice> prices) {
        return new PriceTable(prices, Map.of());
    }

    /**
     * The price of the first of {@code names} (most specific first: the upstream's name, then the client's) that
     * the config prices, else the first that the shipped table does.
     */
    public Optional<ModelPrice> find(String... names) {
        String key = names.length == 1 ? names[0] : String.join("\u0000", names);
        Optional<ModelPrice> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<ModelPrice> found = lookUp(names);
        if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(key, found);
        }
        return found;
    }

    private Optional<ModelPrice> lookUp(String... names) {
        for (String name : names) {
            if (name == null) {
                continue;
            }
            ModelPrice exact = configured.get(name);
            if (exact != null) {
                return Optional.of(exact);
            }
            for (ModelPrice glob : configuredGlobs) {
                if (Globs.matches(glob.model(), name)) {
                    return Optional.of(glob);
                }
            }
        }
        for (String name : names) {
            if (name == null) {
                continue;
            }
            ModelPrice found = shipped(name);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return NONE;
    }

    private ModelPrice shipped(String name) {
        ModelPrice found = shipped.get(name);
        if (found != null) {
            return found;
        }
        String bare = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        found = shipped.get(bare);
        if (found != null) {
            return found;
        }
        String undated = DATE_SUFFIX.matcher(bare).replaceFirst("");
        return undated.equals(bare) ? null : shipped.get(undated);
    }

    /** The shipped table, read once from the jar. */
    private static final class Shipped {
        static final Map<String, ModelPrice> TABLE = load();

        private static Map<String, ModelPrice> load() {
            try (InputStream in = PriceTable.class.getResourceAsStream(FILE)) {
                if (in == null) {
                    throw new IllegalStateException("the price table " + FILE + " is missing from the jar");
                }
                Map<String, ModelPrice> table = new HashMap<>();
                for (ModelPrice price : ConfigLoader.readPriceTable(in.readAllBytes(), FILE)) {
                    table.putIfAbsent(price.model(), price);
                }
                return Map.copyOf(table);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the price table " + FILE, e);
            }
        }
    }
}
