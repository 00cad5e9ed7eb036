package dev.aiproxy.usage;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Usage records made by hand for the store's tests. */
final class Records {
    private static int next;

    private Records() {
    }

    /** A completed, priced request of {@code client} to {@code model} on {@code provider}, at {@code at}. */
    static UsageRecord answered(Instant at, String client, String model, String provider, long input, long output,
            String cost) {
        return UsageRecord.builder(String.format("req_%032x", ++next), at)
                .duration(Duration.ofMillis(120)).timeToFirstByte(Duration.ofMillis(45))
                .client(client).format(ApiFormat.OPENAI_CHAT).endpoint("/v1/chat/completions").model(model)
                .servedBy(new UsageRecord.ServedBy(model, provider, model + "-2025", provider + "/abcd1234"))
                .attempts(1).status(200).outcome(UsageRecord.Outcome.COMPLETED)
                .usage(new Usage(input, output, 0, 0, 0)).cost(cost == null ? null : new BigDecimal(cost))
                .build();
    }

    /** A request refused before it went upstream. */
    static UsageRecord refused(Instant at, String client, String model, int status) {
        return UsageRecord.builder(String.format("req_%032x", ++next), at)
                .duration(Duration.ofMillis(1)).client(client).format(ApiFormat.ANTHROPIC_MESSAGES)
                .endpoint("/v1/messages").model(model).status(status).outcome(UsageRecord.Outcome.FAILED)
                .errorType(dev.aiproxy.api.error.ErrorType.RATE_LIMITED).build();
    }
}
