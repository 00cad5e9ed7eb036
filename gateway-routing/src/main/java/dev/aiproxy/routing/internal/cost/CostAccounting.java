package dev.aiproxy.routing.internal.cost;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.ModelPrice;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prices each request's record from the price table of the config it was served with. A model with no price gets
 * cost null (never zero), a warning the first time, and a place in {@link #unpricedModels()} (which {@code /health}
 * lists). One per gateway; thread-safe.
 */
public final class CostAccounting {
    private static final System.Logger LOG = System.getLogger(CostAccounting.class.getName());
    /** Unpriced models remembered at most: names come from routed requests, so this is only a bound. */
    private static final int MAX_UNPRICED = 1_000;

    private final AtomicReference<Priced> table = new AtomicReference<>();
    private final Set<String> unpriced = ConcurrentHashMap.newKeySet();

    /** A config's price table, built once per config. */
    private record Priced(List<ModelPrice> prices, PriceTable table) {
    }

    /** The record with its cost; unchanged when it used no tokens an upstream reported, or nothing answered. */
    public UsageRecord price(GatewayConfig config, UsageRecord record) {
        UsageRecord.ServedBy served = record.servedBy();
        if (served == null || record.usage() == null) {
            return record;
        }
        Optional<ModelPrice> price = table(config).find(served.upstreamModel(), served.model(), record.model());
        if (price.isEmpty()) {
            unpriced(served);
            return record;
        }
        return record.withCost(Costs.of(price.get(), record.usage()));
    }

    /** The models that answered with usage but have no price, by upstream name; sorted. */
    public List<String> unpricedModels() {
        return List.copyOf(new TreeSet<>(unpriced));
    }

    private void unpriced(UsageRecord.ServedBy served) {
        String name = served.upstreamModel();
        if (unpriced.size() < MAX_UNPRICED && unpriced.add(name)) {
            LOG.log(System.Logger.Level.WARNING, () -> "no price for model '" + name + "' (served by '"
                    + served.provider() + "' as '" + served.model() + "'): its requests are recorded with cost null. "
                    + "Add it to 'prices:' in the config (US dollars per million tokens)");
        }
    }

    private PriceTable table(GatewayConfig config) {
        Priced current = table.get();
        // configs that share their price list (a reload that changed something else) share the table and its cache
        if (current == null || current.prices() != config.prices() && !current.prices().equals(config.prices())) {
            current = new Priced(config.prices(), PriceTable.of(config.prices()));
            table.set(current);
        }
        return current.table();
    }
}
