package dev.aiproxy.server.requestlog;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.LogSettings;
import dev.aiproxy.server.management.ManagementJson;
import dev.aiproxy.server.management.RequestView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One finished request as a line of the request log. Text, for people:
 * {@code 2026-12-07T10:00:00Z req_... team-a gpt -> openai/gpt-4o-mini 200 812ms ttfb 95ms tokens 19/10 $0.0000089},
 * with {@code -} for what the request has not got (no upstream answered, no usage reported, no price), {@code cache}
 * where the response cache answered ({@code gpt -> cache ... tokens - $0}), and the
 * outcome and error type at the end of a request that did not complete. JSON: the management API's request view,
 * one object, the same as {@code GET /v0/management/requests} and the event feed give.
 */
final class RequestLogLine {
    private RequestLogLine() {
    }

    static String of(UsageRecord r, LogSettings.Format format) {
        return switch (format) {
            case TEXT -> text(r);
            case JSON -> new String(ManagementJson.write(RequestView.of(r)), StandardCharsets.UTF_8);
        };
    }

    static String text(UsageRecord r) {
        StringBuilder line = new StringBuilder(160);
        line.append(r.startedAt()).append(' ').append(r.requestId()).append(' ').append(r.client()).append(' ')
                .append(r.model() == null ? "-" : r.model()).append(" -> ");
        UsageRecord.ServedBy by = r.servedBy();
        // a hit of the response cache was served by no upstream, and says so rather than look like a failure
        line.append(by != null ? by.provider() + "/" + by.upstreamModel() : r.cacheHit() ? "cache" : "-");
        line.append(' ').append(r.status()).append(' ').append(millis(r.duration()))
                .append(" ttfb ").append(r.timeToFirstByte() == null ? "-" : millis(r.timeToFirstByte()));
        Usage u = r.usage();
        line.append(" tokens ").append(u == null ? "-" : u.inputTokens() + "/" + u.outputTokens());
        line.append(' ').append(r.cost() == null ? "$-" : "$" + r.cost().stripTrailingZeros().toPlainString());
        if (r.outcome() != UsageRecord.Outcome.COMPLETED) {
            line.append(' ').append(r.outcome().name().toLowerCase(Locale.ROOT));
        }
        if (r.errorType() != null) {
            line.append(' ').append(r.errorType().name().toLowerCase(Locale.ROOT));
        }
        return line.toString();
    }

    /** Whole milliseconds, or tenths below 10 ms, where a relayed answer's overhead lies. */
    private static String millis(Duration d) {
        long tenths = Math.round(d.toNanos() / 100_000.0);
        return tenths < 100 ? tenths / 10 + "." + tenths % 10 + "ms" : Math.round(tenths / 10.0) + "ms";
    }
}
