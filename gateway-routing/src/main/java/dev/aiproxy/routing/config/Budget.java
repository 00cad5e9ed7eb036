package dev.aiproxy.routing.config;

import java.math.BigDecimal;

/**
 * A spending limit in US dollars, per UTC day and per UTC calendar month: a client's ({@code clients[].budget}) or the
 * whole gateway's ({@code budget}). Once the cost of a period's requests reaches a limit, further requests get 429
 * until the period ends; a request already running is not cut.
 *
 * @param dailyUsd the limit per UTC day, or null for none
 * @param monthlyUsd the limit per UTC calendar month, or null for none
 */
public record Budget(BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    /** No limit. */
    public static final Budget NONE = new Budget(null, null);

    public Budget {
        if (dailyUsd != null && dailyUsd.signum() < 0 || monthlyUsd != null && monthlyUsd.signum() < 0) {
            throw new IllegalArgumentException("a budget must not be negative");
        }
    }

    /** Whether either limit is set. */
    public boolean limits() {
        return dailyUsd != null || monthlyUsd != null;
    }
}
