package dev.aiproxy.routing.internal.budget;

import dev.aiproxy.api.error.BudgetExceededException;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.state.BudgetSpend;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * What each client, and the gateway as a whole, spent in the current UTC day and UTC month, in nano-dollars, over a
 * {@link BudgetSpend} (this process's memory, or a store several instances share): charged from each request's cost
 * when it ends, seeded from the usage store at start-up so a restart does not forget it, and checked against the
 * budgets. A new day or month starts from zero. Thread-safe; checks read memory only.
 */
public final class BudgetLedger {
    /** The name of the gateway-wide total in messages. */
    private static final String GATEWAY = "the gateway";

    private final Clock clock;
    private final BudgetSpend spend;

    /** A ledger over spend kept in this process. */
    public BudgetLedger(Clock clock) {
        this(clock, new InMemoryBudgetSpend());
    }

    /** A ledger over {@code spend}, which may be shared by several instances. */
    public BudgetLedger(Clock clock, BudgetSpend spend) {
        this.clock = clock;
        this.spend = spend;
    }

    /** Charges a request's cost to its client and the total; a record without a cost charges nothing. */
    public void charge(UsageRecord record) {
        BigDecimal cost = record.cost();
        if (cost == null || cost.signum() <= 0) {
            return;
        }
        charge(record.client(), record.startedAt(), nanos(cost));
    }

    /**
     * Adds spend that happened at {@code at} (a request): it counts when {@code at} falls in the current day or
     * month.
     */
    public void charge(String client, Instant at, long nanos) {
        spend.add(client, LocalDate.ofInstant(at, ZoneOffset.UTC), nanos);
    }

    /**
     * Raises each client's spend to at least what a usage store kept for the current month, by client and day (at
     * start-up, so a restart does not forget a spent budget).
     */
    public void seed(Map<String, Map<LocalDate, Long>> byClientAndDay) {
        LocalDate today = today();
        Map<String, BudgetSpend.Spent> seeds = new HashMap<>();
        byClientAndDay.forEach((client, days) -> {
            long day = 0;
            long month = 0;
            for (Map.Entry<LocalDate, Long> e : days.entrySet()) {
                if (e.getKey().equals(today)) {
                    day += e.getValue();
                }
                if (e.getKey().getYear() == today.getYear() && e.getKey().getMonth() == today.getMonth()) {
                    month += e.getValue();
                }
            }
            seeds.put(client, new BudgetSpend.Spent(day, month));
        });
        spend.seed(today, seeds);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** What a client spent today and this month, in US dollars: {@code [day, month]}. */
    public BigDecimal[] spent(String client) {
        return dollars(spend.spent(client, today()));
    }

    /** What every client together spent today and this month, in US dollars: {@code [day, month]}. */
    public BigDecimal[] spentInAll() {
        return dollars(spend.spentInAll(today()));
    }

    /**
     * Refuses a request when the client's budget, or the gateway's, is spent.
     *
     * @throws BudgetExceededException naming the budget, its limit, what was spent and when it resets
     */
    public void check(String client, Budget own, Budget gateway) {
        if (own.limits()) {
            check("client '" + client + "'", own, spend.spent(client, today()));
        }
        if (gateway.limits()) {
            check(GATEWAY, gateway, spend.spentInAll(today()));
        }
    }

    private void check(String who, Budget budget, BudgetSpend.Spent spent) {
        if (budget.dailyUsd() != null && spent.dayNanos() >= nanos(budget.dailyUsd())) {
            throw refused(who, "daily", budget.dailyUsd(), spent.dayNanos(), tomorrow());
        }
        if (budget.monthlyUsd() != null && spent.monthNanos() >= nanos(budget.monthlyUsd())) {
            throw refused(who, "monthly", budget.monthlyUsd(), spent.monthNanos(), nextMonth());
        }
    }

    private BudgetExceededException refused(String who, String period, BigDecimal limit, long spent,
            Instant resets) {
        Instant now = clock.instant();
        return new BudgetExceededException(who + " has used up its " + period + " budget of $"
                + limit.toPlainString() + " (spent $" + BigDecimal.valueOf(spent, 9).stripTrailingZeros()
                .toPlainString() + "); it resets at " + resets + " (UTC)",
                Duration.between(now, resets).isNegative() ? Duration.ZERO : Duration.between(now, resets));
    }

    private Instant tomorrow() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private Instant nextMonth() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the current UTC month: spend from there on is what the ledger needs from a store. */
    public Instant monthStart() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** US dollars as nano-dollars, rounded to the nearest. */
    public static long nanos(BigDecimal dollars) {
        return dollars.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    private static BigDecimal[] dollars(BudgetSpend.Spent spent) {
        return new BigDecimal[] {BigDecimal.valueOf(spent.dayNanos(), 9), BigDecimal.valueOf(spent.monthNanos(), 9)};
    }
}
