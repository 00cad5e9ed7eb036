package dev.aiproxy.server.management;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.GatewayConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code GET /budgets}: what the gateway as a whole and each client spent in the current UTC day and month, beside
 * their budgets. The figures are the ones the gateway refuses requests by (its budget ledger: counted since start-up,
 * plus the month read from the usage store then), so they need no usage store and match a refusal to the cent.
 */
public final class BudgetsResource implements ManagementApi.Resource {
    private final Gateway gateway;
    private final Clock clock;

    public BudgetsResource(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/budgets", this::budgets));
    }

    /**
     * @param day the UTC day the daily figures are for ({@code 2026-12-07})
     * @param month the UTC month the monthly figures are for ({@code 2026-12})
     * @param gateway every client together, against the config's top-level {@code budget}
     * @param clients each configured client, in config order
     */
    public record Budgets(String day, String month, Spend gateway, List<ClientSpend> clients) {
    }

    /** Limits (null: none) and what was spent, in US dollars. */
    public record Spend(BigDecimal dailyUsd, BigDecimal monthlyUsd, BigDecimal spentTodayUsd,
            BigDecimal spentThisMonthUsd) {

        static Spend of(Budget budget, BigDecimal[] spent) {
            return new Spend(budget.dailyUsd(), budget.monthlyUsd(), spent[0], spent[1]);
        }
    }

    /** A client's name and its {@link Spend}, written side by side. */
    public record ClientSpend(String name, @JsonUnwrapped Spend spend) {
    }

    private ManagementAnswer budgets(ManagementRequest request) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        GatewayConfig config = gateway.config();
        return ManagementAnswer.ok(new Budgets(today.toString(), today.toString().substring(0, 7),
                Spend.of(config.budget(), gateway.spent(null)),
                config.clients().stream().map(c -> new ClientSpend(c.name(), Spend.of(c.budget(),
                        gateway.spent(c.name())))).toList()));
    }
}
