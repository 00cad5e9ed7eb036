package dev.aiproxy.usage.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.UsageRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** A {@link UsageRecord} as a row of {@code usage_requests}, both ways. */
final class RequestRows {
    /** The columns, in the order {@link #bind} sets them and {@link #read} reads them (after the id). */
    static final String COLUMNS = "request_id, started_at, client, format, endpoint, model_asked, model, stream, "
            + "provider, upstream_model, credential, attempts, status, outcome, error_type, duration_us, first_byte_us, "
            + "input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_nanos";
    static final String INSERT = "INSERT INTO usage_requests (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RequestRows() {
    }

    static void bind(PreparedStatement s, UsageRecord r) throws SQLException {
        UsageRecord.ServedBy served = r.servedBy();
        s.setString(1, r.requestId());
        s.setLong(2, r.startedAt().toEpochMilli());
        s.setString(3, r.client());
        s.setString(4, r.format() == null ? null : r.format().id());
        s.setString(5, r.endpoint());
        s.setString(6, r.model());
        s.setString(7, r.accountedModel());
        s.setInt(8, r.stream() ? 1 : 0);
        s.setString(9, served == null ? null : served.provider());
        s.setString(10, served == null ? null : served.upstreamModel());
        s.setString(11, served == null ? null : served.credential());
        s.setInt(12, r.attempts());
        s.setInt(13, r.status());
        s.setString(14, r.outcome().name().toLowerCase(Locale.ROOT));
        s.setString(15, r.errorType() == null ? null : r.errorType().name().toLowerCase(Locale.ROOT));
        s.setLong(16, micros(r.duration()));
        setLong(s, 17, r.timeToFirstByte() == null ? null : micros(r.timeToFirstByte()));
        Usage u = r.usage();
        setLong(s, 18, u == null ? null : u.inputTokens());
        setLong(s, 19, u == null ? null : u.outputTokens());
        setLong(s, 20, u == null ? null : u.cachedInputTokens());
        setLong(s, 21, u == null ? null : u.cacheWriteInputTokens());
        setLong(s, 22, u == null ? null : u.reasoningTokens());
        setLong(s, 23, r.cost() == null ? null : nanos(r.cost()));
    }

    /** The record of the row the result set is on, whose first column is the id. */
    static UsageRecord read(ResultSet rs) throws SQLException {
        UsageRecord.Builder b = UsageRecord.builder(rs.getString("request_id"),
                Instant.ofEpochMilli(rs.getLong("started_at")));
        String format = rs.getString("format");
        String provider = rs.getString("provider");
        if (provider != null) {
            b.servedBy(new UsageRecord.ServedBy(rs.getString("model"), provider, rs.getString("upstream_model"),
                    rs.getString("credential")));
        }
        String error = rs.getString("error_type");
        Long firstByte = getLong(rs, "first_byte_us");
        Long input = getLong(rs, "input_tokens");
        Long cost = getLong(rs, "cost_nanos");
        return b.client(rs.getString("client"))
                .format(format == null ? null : ApiFormat.fromId(format))
                .endpoint(rs.getString("endpoint"))
                .model(rs.getString("model_asked"))
                .stream(rs.getInt("stream") != 0)
                .attempts(rs.getInt("attempts"))
                .status(rs.getInt("status"))
                .outcome(UsageRecord.Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)))
                .errorType(error == null ? null : ErrorType.valueOf(error.toUpperCase(Locale.ROOT)))
                .duration(Duration.ofNanos(rs.getLong("duration_us") * 1000))
                .timeToFirstByte(firstByte == null ? null : Duration.ofNanos(firstByte * 1000))
                .usage(input == null ? null : new Usage(input, rs.getLong("output_tokens"),
                        rs.getLong("cached_input_tokens"), rs.getLong("cache_write_tokens"),
                        rs.getLong("reasoning_tokens")))
                .cost(cost == null ? null : BigDecimal.valueOf(cost, 9))
                .build();
    }

    static long nanos(BigDecimal dollars) {
        return dollars.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
