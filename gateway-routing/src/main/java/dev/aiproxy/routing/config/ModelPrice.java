package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What one model costs, in US dollars per million tokens: a {@code prices:} entry of the config, or an entry of the
 * price table shipped in the jar. Cached input and cache writes are priced as plain input when their price is absent.
 *
 * @param model the model's name, or a glob ({@code *} matches any run of characters), as the client or the upstream
 *     names it
 * @param input input tokens neither read from nor written to a prompt cache
 * @param output output tokens, reasoning (thinking) tokens included: every provider bills those as output
 * @param cachedInput input tokens read from a prompt cache, or null to price them as input
 * @param cacheWrite input tokens written to a prompt cache (Anthropic's cache creation), or null to price them as
 *     input
 */
public record ModelPrice(String model, BigDecimal input, BigDecimal output, BigDecimal cachedInput,
        BigDecimal cacheWrite) {
    public ModelPrice {
        requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("a price needs a model name or glob");
        }
        requireNonNegative(input, "input", model);
        requireNonNegative(output, "output", model);
        if (cachedInput != null) {
            requireNonNegative(cachedInput, "cached-input", model);
        }
        if (cacheWrite != null) {
            requireNonNegative(cacheWrite, "cache-write", model);
        }
    }

    /** A price with no cache prices: cached input and cache writes cost what input does. */
    public static ModelPrice of(String model, String input, String output) {
        return new ModelPrice(model, new BigDecimal(input), new BigDecimal(output), null, null);
    }

    /** Whether {@link #model()} is a glob rather than one name. */
    public boolean isGlob() {
        return model.indexOf('*') >= 0;
    }

    private static void requireNonNegative(BigDecimal price, String field, String model) {
        requireNonNull(price, field);
        if (price.signum() < 0) {
            throw new IllegalArgumentException("the " + field + " price of '" + model + "' must not be negative, was "
                    + price.toPlainString());
        }
    }
}
