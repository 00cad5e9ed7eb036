package dev.aiproxy.routing.internal;

import dev.aiproxy.api.model.Usage;
import java.util.function.Consumer;

/**
 * What happens when a streamed answer body ends: the client's token allowance is charged with what the answer really
 * used, and the request's usage record is reported, completed or interrupted. The body calls {@link #completed} when
 * it was written whole, and {@link #closed} in every case, after.
 */
final class AnswerEnd {
    private final UsageReporter.Tally tally;
    private final int status;
    private final Consumer<Usage> charge;

    /** @param charge told the usage of an answer that ended whole, or null when nobody charges it */
    AnswerEnd(UsageReporter.Tally tally, int status, Consumer<Usage> charge) {
        this.tally = tally;
        this.status = status;
        this.charge = charge;
    }

    /** Whether the body must read the answer's usage; reading it costs a parse that is skipped when nobody needs it. */
    boolean needsUsage() {
        return charge != null || tally.active();
    }

    /** The body was written whole; {@code usage} is null when the answer reported none. */
    void completed(Usage usage) {
        if (usage != null && charge != null) {
            charge.accept(usage);
        }
        tally.completed(status, usage);
    }

    /** The body is closed; if it was not written whole, the answer was interrupted after {@code usageSoFar}. */
    void closed(Usage usageSoFar) {
        tally.interrupted(status, usageSoFar);
    }
}
