package dev.aiproxy.server.management;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQueries;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageTotal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The usage store's answers: {@code GET /usage} (totals over a time range, grouped by client, model, provider, day or
 * hour) and {@code GET /requests} (the request log, newest first, a page at a time, with the same filters as
 * {@code gateway usage --log}).
 */
public final class UsageResource implements ManagementApi.Resource {
    private static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    private static final int DEFAULT_PAGE = 50;

    private final Gateway gateway;
    private final Clock clock;

    public UsageResource(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/usage", this::totals), Route.get("/requests", this::requests));
    }

    /** The totals and the range they cover (whole hours, or whole days when grouped by day). */
    public record Totals(String from, String to, List<String> by, List<Row> rows) {
    }

    /** One row of totals; a dimension not grouped by is null. */
    public record Row(String period, String client, String model, String provider, long requests, long failed,
            long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
            long reasoningTokens, BigDecimal costUsd, long unpricedRequests, double meanLatencyMs) {

        static Row of(UsageTotal t) {
            return new Row(t.period() == null ? null : t.period().toString(), t.client(), t.model(), t.provider(),
                    t.requests(), t.failed(), t.inputTokens(), t.outputTokens(), t.cachedInputTokens(),
                    t.cacheWriteInputTokens(), t.reasoningTokens(), t.cost(), t.unpricedRequests(),
                    Math.round(t.meanDuration().toNanos() / 100_000.0) / 10.0);
        }
    }

    /** A page of the request log; {@code next} is the cursor of the next (older) page, or null. */
    public record Page(List<RequestView> requests, String next) {
    }

    private ManagementAnswer totals(ManagementRequest request) {
        Instant to = instant(request, "to", clock.instant().plus(Duration.ofHours(1)));
        Instant from = instant(request, "from", clock.instant().minus(DEFAULT_RANGE));
        List<Dimension> by = List.of();
        String byParam = request.query("by");
        if (byParam != null && !byParam.isBlank()) {
            try {
                by = UsageArguments.dimensions(byParam, "by");
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage(), "by", e);
            }
        }
        List<UsageTotal> totals;
        try {
            totals = store().totals(new UsageQuery(from, to, by));
        } catch (UsageStoreException e) {
            throw unavailable(e);
        }
        return ManagementAnswer.ok(new Totals(from.toString(), to.toString(),
                by.stream().map(d -> d.name().toLowerCase(java.util.Locale.ROOT)).toList(),
                totals.stream().map(Row::of).toList()));
    }

    private ManagementAnswer requests(ManagementRequest request) {
        Integer status = number(request, "status", 100, 599);
        Integer limit = number(request, "limit", 1, RequestLogQuery.MAX_LIMIT);
        RequestLogQuery query = new RequestLogQuery(instant(request, "from", null), instant(request, "to", null),
                request.query("client"), request.query("model"), request.query("provider"), status,
                limit == null ? DEFAULT_PAGE : limit, request.query("cursor"));
        RequestLogPage page;
        try {
            page = store().requestLog(query);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage(), "cursor", e);
        } catch (UsageStoreException e) {
            throw unavailable(e);
        }
        return ManagementAnswer.ok(new Page(page.records().stream().map(RequestView::of).toList(), page.next()));
    }

    private UsageQueries store() {
        if (gateway.usageStatus().isEmpty()) {
            throw ManagementException.unavailable("this gateway keeps no usage (usage.store: none)");
        }
        return gateway.usage();
    }

    private static ManagementException unavailable(UsageStoreException e) {
        return ManagementException.unavailable("the usage store cannot answer now: " + e.getMessage());
    }

    private Instant instant(ManagementRequest request, String name, Instant otherwise) {
        String value = request.query(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return UsageArguments.instant(value, name, clock);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage(), name, e);
        }
    }

    private static Integer number(ManagementRequest request, String name, int min, int max) {
        String value = request.query(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(name + " expects a whole number from " + min + " to " + max + ", got \""
                + value + "\"", name, null);
    }
}
