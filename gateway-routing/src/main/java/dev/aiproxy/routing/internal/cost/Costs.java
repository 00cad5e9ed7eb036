package dev.aiproxy.routing.internal.cost;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.config.ModelPrice;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a request's tokens cost: input not cached at the input price, cache reads at the cached-input price, cache
 * writes at the cache-write price (each falling back to the input price), output (reasoning included) at the output
 * price. Exact in decimal, rounded to a billionth of a dollar.
 */
public final class Costs {
    /** Costs are kept to nano-dollars: a store sums them as whole numbers. */
    public static final int SCALE = 9;

    private Costs() {
    }

    /** The cost in US dollars, at {@value #SCALE} decimal places. */
    public static BigDecimal of(ModelPrice price, Usage usage) {
        BigDecimal cached = price.cachedInput() != null ? price.cachedInput() : price.input();
        BigDecimal written = price.cacheWrite() != null ? price.cacheWrite() : price.input();
        BigDecimal perMillion = price.input().multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(cached.multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(written.multiply(BigDecimal.valueOf(usage.cacheWriteInputTokens())))
                .add(price.output().multiply(BigDecimal.valueOf(usage.outputTokens())));
        return perMillion.movePointLeft(6).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
