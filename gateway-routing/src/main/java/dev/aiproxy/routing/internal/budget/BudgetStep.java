package dev.aiproxy.routing.internal.budget;

import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;

/**
 * Budgets: refuses a chat request with 429 when its client's budget or the gateway's is spent (from the ledger's
 * totals in memory: no I/O), and charges the request's cost to the ledger when it ends. Placed after rate limits, so
 * a refused request has spent nothing. A stream already running is never cut: budgets are checked before dispatch.
 * Without a budget anywhere and without a store to seed from, it does nothing, so a request's usage is not read for it.
 */
public final class BudgetStep implements Interceptor {
    private final BudgetLedger ledger;
    private final boolean chargeAlways;

    /** @param chargeAlways charge every request, budget or not (a store keeps usage, so budgets added later count) */
    public BudgetStep(BudgetLedger ledger, boolean chargeAlways) {
        this.ledger = ledger;
        this.chargeAlways = chargeAlways;
    }

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        if (call.operation() != Operation.GENERATE) {
            return chain.proceed(call);
        }
        ClientConfig client = call.client();
        Budget gateway = call.config().budget();
        boolean limited = client.budget().limits() || gateway.limits();
        if (limited) {
            ledger.check(client.name(), client.budget(), gateway);
        }
        if (limited || chargeAlways) {
            chain.onEnd(ledger::charge);
        }
        return chain.proceed(call);
    }
}
