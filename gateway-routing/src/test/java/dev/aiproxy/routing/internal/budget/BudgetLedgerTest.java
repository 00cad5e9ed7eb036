package dev.aiproxy.routing.internal.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.BudgetExceededException;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the ledger counts per UTC day and month, and when it refuses. */
class BudgetLedgerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:00:00Z"));
    private final BudgetLedger ledger = new BudgetLedger(clock);

    private void spend(String client, String dollars) {
        ledger.charge(UsageRecord.builder("req_x", clock.instant()).client(client).cost(new BigDecimal(dollars))
                .build());
    }

    private static Budget daily(String dollars) {
        return new Budget(new BigDecimal(dollars), null);
    }

    @Test
    void refusesOnceTheDaysSpendReachesTheLimitNamingItAndItsReset() {
        spend("team-a", "4.99");
        assertThatCode(() -> ledger.check("team-a", daily("5"), Budget.NONE)).doesNotThrowAnyException();

        spend("team-a", "0.01");

        assertThatThrownBy(() -> ledger.check("team-a", daily("5"), Budget.NONE))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).hasValue("insufficient_quota");
                    assertThat(e.headers()).containsEntry("x-should-retry", "false");
                    assertThat(e.retryAfter()).hasValue(Duration.ofHours(1));
                })
                .hasMessage("client 'team-a' has used up its daily budget of $5 (spent $5); it resets at "
                        + "2027-01-01T00:00:00Z (UTC)");
    }

    @Test
    void aNewDayAndANewMonthStartFromZero() {
        spend("team-a", "10");
        Budget both = new Budget(new BigDecimal("5"), new BigDecimal("8"));
        assertThatThrownBy(() -> ledger.check("team-a", both, Budget.NONE)).hasMessageContaining("daily");

        clock.advance(Duration.ofHours(2));

        assertThatCode(() -> ledger.check("team-a", both, Budget.NONE)).as("a new day, and a new month")
                .doesNotThrowAnyException();
        assertThat(ledger.spent("team-a")).containsExactly(new BigDecimal("0E-9"), new BigDecimal("0E-9"));
    }

    @Test
    void theMonthKeepsCountingAcrossDays() {
        clock.advance(Duration.ofHours(2));
        spend("team-a", "3");
        clock.advance(Duration.ofDays(1));
        spend("team-a", "3");

        assertThatThrownBy(() -> ledger.check("team-a", new Budget(null, new BigDecimal("6")), Budget.NONE))
                .hasMessageContaining("monthly budget of $6 (spent $6); it resets at 2027-02-01T00:00:00Z");
    }

    @Test
    void theGatewaysBudgetCountsEveryClient() {
        spend("team-a", "1");
        spend("team-b", "1");

        assertThatCode(() -> ledger.check("team-c", Budget.NONE, daily("2.5"))).doesNotThrowAnyException();
        spend("anonymous", "0.5");
        assertThatThrownBy(() -> ledger.check("team-c", Budget.NONE, daily("2.5")))
                .hasMessageStartingWith("the gateway has used up its daily budget of $2.5");
    }

    @Test
    void spendFromAnotherDayCountsOnlyForItsMonth() {
        ledger.charge("team-a", Instant.parse("2026-12-02T10:00:00Z"), 7_000_000_000L);

        assertThat(ledger.spent("team-a")).containsExactly(new BigDecimal("0E-9"), new BigDecimal("7.000000000"));
    }

    @Test
    void aRequestWithoutACostChargesNothing() {
        ledger.charge(UsageRecord.builder("req_y", clock.instant()).client("team-a").build());

        assertThat(ledger.spent("team-a")).containsExactly(new BigDecimal("0E-9"), new BigDecimal("0E-9"));
    }
}
