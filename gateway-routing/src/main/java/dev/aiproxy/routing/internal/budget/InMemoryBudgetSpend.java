package dev.aiproxy.routing.internal.budget;

import dev.aiproxy.routing.state.BudgetSpend;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BudgetSpend} in this process's memory: a few field updates per call, a new day or month from zero. */
public final class InMemoryBudgetSpend implements BudgetSpend {
    private final ConcurrentHashMap<String, Spend> clients = new ConcurrentHashMap<>();
    private final Spend total = new Spend();

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

        synchronized void raise(Spent atLeast, long today, long thisMonth) {
            roll(today, thisMonth);
            dayNanos = Math.max(dayNanos, atLeast.dayNanos());
            monthNanos = Math.max(monthNanos, atLeast.monthNanos());
        }

        synchronized Spent read(long today, long thisMonth) {
            roll(today, thisMonth);
            return new Spent(dayNanos, monthNanos);
        }

        /** Moves to a later day or month (from zero); an earlier one leaves the spender where it is. */
        private void roll(long today, long thisMonth) {
            if (today > day) {
                day = today;
                dayNanos = 0;
            }
            if (thisMonth > month) {
                month = thisMonth;
                monthNanos = 0;
            }
        }
    }

    @Override
    public void add(String client, LocalDate day, long nanos) {
        // a spender's day only moves forward: spend of an earlier day still counts in its month, if that is current
        long dayOf = day.toEpochDay();
        long monthOf = months(day);
        clients.computeIfAbsent(client, c -> new Spend()).add(dayOf, monthOf, nanos, dayOf, monthOf);
        total.add(dayOf, monthOf, nanos, dayOf, monthOf);
    }

    @Override
    public void seed(LocalDate today, Map<String, Spent> byClient) {
        long day = today.toEpochDay();
        long month = months(today);
        long totalDay = 0;
        long totalMonth = 0;
        for (Map.Entry<String, Spent> e : byClient.entrySet()) {
            clients.computeIfAbsent(e.getKey(), c -> new Spend()).raise(e.getValue(), day, month);
            totalDay += e.getValue().dayNanos();
            totalMonth += e.getValue().monthNanos();
        }
        total.raise(new Spent(totalDay, totalMonth), day, month);
    }

    @Override
    public Spent spent(String client, LocalDate today) {
        Spend spend = clients.get(client);
        return spend == null ? Spent.NONE : spend.read(today.toEpochDay(), months(today));
    }

    @Override
    public Spent spentInAll(LocalDate today) {
        return total.read(today.toEpochDay(), months(today));
    }

    private static long months(LocalDate date) {
        return date.getYear() * 12L + date.getMonthValue() - 1;
    }
}
