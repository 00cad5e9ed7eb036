package dev.aiproxy.routing.internal.budget;

import dev.aiproxy.api.error.BudgetExceededException;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.Budget;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each client, and the gateway as a whole, spent in the current UTC day and UTC month, in nano-dollars, kept in
 * memory: charged from each request's cost when it ends, and seeded from the usage store at start-up so a restart
 * does not forget it. A new day or month starts from zero. Thread-safe; every call is a few field updates.
 */
public final class BudgetLedger {
    /** The name of the gateway-wide total in messages. */
    private static final String GATEWAY = "the gateway";

    private final Clock clock;
    private final ConcurrentHashMap<String, Spend> clients = new ConcurrentHashMap<>();
    private final Spend total = new Spend();
    private static final long DAY_MS = 86_400_000L;
    private volatile Day day;

    public BudgetLedger(Clock clock) {
        this.clock = clock;
    }

    /** One spender's day and month; the fields change together under the object's monitor (no I/O inside). */
    private static final class Spend {
        private long day;
        private long dayNanos;
        private long month;
        private long monthNanos;

        synchronized void add(long dayOf, long monthOf, long nanos, long today, long thisMonth) {
            roll(today, thisMonth);
            if (dayOf == day) {
                dayNanos += nanos;
            }
            if (monthOf == month) {
                monthNanos += nanos;
            }
        }

        synchronized long[] read(long today, long thisMonth) {
            roll(today, thisMonth);
            return new long[] {dayNanos, monthNanos};
        }

        private void roll(long today, long thisMonth) {
            if (day != today) {
                day = today;
                dayNanos = 0;
            }
            if (month != thisMonth) {
                month = thisMonth;
                monthNanos = 0;
            }
        }
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
     * Adds spend that happened at {@code at} (a store's totals at start-up, or a request): it counts when {@code at}
     * falls in the current day or month.
     */
    public void charge(String client, Instant at, long nanos) {
        Day today = today();
        long dayOf = Math.floorDiv(at.toEpochMilli(), DAY_MS);
        long monthOf = dayOf == today.epochDay() ? today.month() : months(LocalDate.ofEpochDay(dayOf));
        clients.computeIfAbsent(client, c -> new Spend()).add(dayOf, monthOf, nanos, today.epochDay(),
                today.month());
        total.add(dayOf, monthOf, nanos, today.epochDay(), today.month());
    }

    /** A UTC day and its month, kept while the day lasts: charging a request costs no date arithmetic. */
    private record Day(long epochDay, long month) {
    }

    private Day today() {
        long epochDay = Math.floorDiv(clock.millis(), DAY_MS);
        Day day = this.day;
        if (day == null || day.epochDay() != epochDay) {
            day = new Day(epochDay, months(LocalDate.ofEpochDay(epochDay)));
            this.day = day;
        }
        return day;
    }

    /** What a client spent today and this month, in US dollars: {@code [day, month]}. */
    public BigDecimal[] spent(String client) {
        Spend spend = clients.get(client);
        return dollars(spend == null ? new long[2] : read(spend));
    }

    /** What every client together spent today and this month, in US dollars: {@code [day, month]}. */
    public BigDecimal[] spentInAll() {
        return dollars(read(total));
    }

    /**
     * Refuses a request when the client's budget, or the gateway's, is spent.
     *
     * @throws BudgetExceededException naming the budget, its limit, what was spent and when it resets
     */
    public void check(String client, Budget own, Budget gateway) {
        if (own.limits()) {
            Spend spend = clients.get(client);
            if (spend != null) {
                check("client '" + client + "'", own, read(spend));
            }
        }
        if (gateway.limits()) {
            check(GATEWAY, gateway, read(total));
        }
    }

    private void check(String who, Budget budget, long[] spent) {
        if (budget.dailyUsd() != null && spent[0] >= nanos(budget.dailyUsd())) {
            throw refused(who, "daily", budget.dailyUsd(), spent[0], tomorrow());
        }
        if (budget.monthlyUsd() != null && spent[1] >= nanos(budget.monthlyUsd())) {
            throw refused(who, "monthly", budget.monthlyUsd(), spent[1], nextMonth());
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

    private long[] read(Spend spend) {
        Day today = today();
        return spend.read(today.epochDay(), today.month());
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

    private static long months(LocalDate date) {
        return date.getYear() * 12L + date.getMonthValue() - 1;
    }

    /** US dollars as nano-dollars, rounded to the nearest. */
    public static long nanos(BigDecimal dollars) {
        return dollars.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    private static BigDecimal[] dollars(long[] nanos) {
        return new BigDecimal[] {BigDecimal.valueOf(nanos[0], 9), BigDecimal.valueOf(nanos[1], 9)};
    }
}
