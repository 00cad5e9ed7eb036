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
            + "input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, "
            + "cache_hit";
    static final String INSERT = "INSERT INTO usage_requests (id, " + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The outcomes' and error types' names as stored, made once rather than per row. */
    private static final String[] OUTCOMES = lowerCaseNames(UsageRecord.Outcome.values());
    private static final String[] ERROR_TYPES = lowerCaseNames(ErrorType.values());

    private RequestRows() {
    }

    /** Sets the insert's parameters to the row of {@code r} with the id {@code id}. */
    static void bind(PreparedStatement s, long id, UsageRecord r) throws SQLException {
        UsageRecord.ServedBy served = r.servedBy();
        s.setLong(1, id);
        s.setString(2, r.requestId());
        s.setLong(3, r.startedAt().toEpochMilli());
        s.setString(4, r.client());
        s.setString(5, r.format() == null ? null : r.format().id());
        s.setString(6, r.endpoint());
        s.setString(7, r.model());
        s.setString(8, r.accountedModel());
        s.setInt(9, r.stream() ? 1 : 0);
        s.setString(10, served == null ? null : served.provider());
        s.setString(11, served == null ? null : served.upstreamModel());
        s.setString(12, served == null ? null : served.credential());
        s.setInt(13, r.attempts());
        s.setInt(14, r.status());
        s.setString(15, OUTCOMES[r.outcome().ordinal()]);
        s.setString(16, r.errorType() == null ? null : ERROR_TYPES[r.errorType().ordinal()]);
        s.setLong(17, micros(r.duration()));
        setLong(s, 18, r.timeToFirstByte() == null ? null : micros(r.timeToFirstByte()));
        Usage u = r.usage();
        if (u == null) {
            for (int i = 19; i <= 23; i++) {
                s.setNull(i, Types.BIGINT);
            }
        } else {
            s.setLong(19, u.inputTokens());
            s.setLong(20, u.outputTokens());
            s.setLong(21, u.cachedInputTokens());
            s.setLong(22, u.cacheWriteInputTokens());
            s.setLong(23, u.reasoningTokens());
        }
        setLong(s, 24, r.cost() == null ? null : nanos(r.cost()));
        s.setInt(25, r.cacheHit() ? 1 : 0);
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
                .cacheHit(rs.getInt("cache_hit") != 0)
                .build();
    }

    static long nanos(BigDecimal dollars) {
        return dollars.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return names;
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
