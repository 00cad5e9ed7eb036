package dev.aiproxy.routing.internal.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.state.BudgetSpend;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spend in memory: a day and its month per spender, the total beside, seeds as floors. */
class InMemoryBudgetSpendTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-07");
    private final BudgetSpend spend = BudgetSpend.inMemory();

    @Test
    void addsToTheClientAndToTheTotal() {
        spend.add("team-a", DAY, 5);
        spend.add("team-b", DAY, 7);

        assertThat(spend.spent("team-a", DAY)).isEqualTo(new BudgetSpend.Spent(5, 5));
        assertThat(spend.spentInAll(DAY)).isEqualTo(new BudgetSpend.Spent(12, 12));
        assertThat(spend.spent("team-c", DAY)).isEqualTo(BudgetSpend.Spent.NONE);
    }

    @Test
    void aNewDayStartsFromZeroAndAnEarlierDayCountsInItsMonth() {
        spend.add("team-a", DAY, 5);

        spend.add("team-a", DAY.minusDays(2), 3);

        assertThat(spend.spent("team-a", DAY)).isEqualTo(new BudgetSpend.Spent(5, 8));
        assertThat(spend.spent("team-a", DAY.plusDays(1))).isEqualTo(new BudgetSpend.Spent(0, 8));
        assertThat(spend.spent("team-a", DAY.plusMonths(1))).isEqualTo(BudgetSpend.Spent.NONE);
    }

    @Test
    void aSeedRaisesTheSpendToAtLeastItNeverAddsToIt() {
        spend.add("team-a", DAY, 5);

        spend.seed(DAY, Map.of("team-a", new BudgetSpend.Spent(3, 9), "team-b", new BudgetSpend.Spent(1, 1)));

        assertThat(spend.spent("team-a", DAY)).isEqualTo(new BudgetSpend.Spent(5, 9));
        assertThat(spend.spent("team-b", DAY)).isEqualTo(new BudgetSpend.Spent(1, 1));
        assertThat(spend.spentInAll(DAY)).isEqualTo(new BudgetSpend.Spent(5, 10));
    }
}
