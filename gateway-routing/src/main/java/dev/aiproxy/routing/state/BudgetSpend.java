package dev.aiproxy.routing.state;

import dev.aiproxy.routing.internal.budget.InMemoryBudgetSpend;
import java.time.LocalDate;
import java.util.Map;

/**
 * What each client, and every client together, spent in a UTC day and its month, in nano-dollars: the totals budgets
 * are checked against. {@link #spent} sits on every budgeted request's path, so it answers from memory; a shared
 * implementation refreshes that memory from its store in the background and adds to the store off the request path.
 * Thread-safe.
 */
public interface BudgetSpend {

    /** Spend in nano-dollars over a day and over its month. */
    record Spent(long dayNanos, long monthNanos) {
        public static final Spent NONE = new Spent(0, 0);
    }

    /** Adds spend that happened on {@code day} (UTC) to the client and to the total. */
    void add(String client, LocalDate day, long nanos);

    /**
     * Raises each client's spend today and this month, and the total's, to at least what the usage store says (at
     * start-up), so that a restart does not reset a spent budget.
     */
    void seed(LocalDate today, Map<String, Spent> byClient);

    /** What {@code client} spent on {@code today} and in its month. */
    Spent spent(String client, LocalDate today);

    /** What every client together spent on {@code today} and in its month. */
    Spent spentInAll(LocalDate today);

    /** Spend kept in this process. */
    static BudgetSpend inMemory() {
        return new InMemoryBudgetSpend();
    }
}
