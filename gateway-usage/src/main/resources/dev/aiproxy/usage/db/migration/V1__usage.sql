-- The usage store's schema, the same for SQLite and PostgreSQL but for two placeholders: ${id_column} (SQLite's rowid
-- alias, PostgreSQL's identity column) and ${rollup_options} (SQLite keeps a rollup table in its key's order,
-- WITHOUT ROWID, so a range of periods is read in one pass; PostgreSQL needs nothing). Times are epoch milliseconds (UTC), durations microseconds, costs whole
-- nano-dollars (1e-9 US dollars), so sums are exact.

-- One row per request: no bodies, no keys.
CREATE TABLE usage_requests (
    id                  ${id_column},
    request_id          VARCHAR(64)  NOT NULL,
    started_at          BIGINT       NOT NULL,
    client              VARCHAR(200) NOT NULL,
    format              VARCHAR(32),
    endpoint            VARCHAR(100) NOT NULL,
    model_asked         VARCHAR(300),
    -- the model accounted to: the client-visible one that answered, else the one asked for
    model               VARCHAR(300),
    stream              SMALLINT     NOT NULL,
    provider            VARCHAR(200),
    upstream_model      VARCHAR(300),
    credential          VARCHAR(300),
    attempts            INTEGER      NOT NULL,
    status              INTEGER      NOT NULL,
    outcome             VARCHAR(16)  NOT NULL,
    error_type          VARCHAR(32),
    duration_us         BIGINT       NOT NULL,
    first_byte_us       BIGINT,
    -- null when the answer reported no usage
    input_tokens        BIGINT,
    output_tokens       BIGINT,
    cached_input_tokens BIGINT,
    cache_write_tokens  BIGINT,
    reasoning_tokens    BIGINT,
    -- null when the model has no price, or no usage was reported
    cost_nanos          BIGINT
);

-- The request log is read newest first, filtered by one of these; each index ends with the id, the cursor's tie-break.
CREATE INDEX usage_requests_time ON usage_requests (started_at, id);
CREATE INDEX usage_requests_client ON usage_requests (client, started_at, id);
CREATE INDEX usage_requests_model ON usage_requests (model, started_at, id);
CREATE INDEX usage_requests_provider ON usage_requests (provider, started_at, id);
CREATE INDEX usage_requests_status ON usage_requests (status, started_at, id);
-- No index on request_id: each index costs the writer a B-tree insert per row (a fifth of its time here), and an id
-- carries its time (its first 12 hex digits), so a lookup by id can search the time index around it.

-- Totals per UTC hour and per UTC day, kept by the writer in the same transaction as the rows they count, so a
-- query over 30 days reads a few thousand rows, not millions. An absent model or provider is '' (part of the key).
CREATE TABLE usage_hourly (
    period_start        BIGINT       NOT NULL,
    client              VARCHAR(200) NOT NULL,
    model               VARCHAR(300) NOT NULL,
    provider            VARCHAR(200) NOT NULL,
    requests            BIGINT       NOT NULL,
    failed              BIGINT       NOT NULL,
    input_tokens        BIGINT       NOT NULL,
    output_tokens       BIGINT       NOT NULL,
    cached_input_tokens BIGINT       NOT NULL,
    cache_write_tokens  BIGINT       NOT NULL,
    reasoning_tokens    BIGINT       NOT NULL,
    cost_nanos          BIGINT       NOT NULL,
    -- requests that used tokens but have no cost: cost_nanos leaves them out
    unpriced            BIGINT       NOT NULL,
    PRIMARY KEY (period_start, client, model, provider)
)${rollup_options};

CREATE TABLE usage_daily (
    period_start        BIGINT       NOT NULL,
    client              VARCHAR(200) NOT NULL,
    model               VARCHAR(300) NOT NULL,
    provider            VARCHAR(200) NOT NULL,
    requests            BIGINT       NOT NULL,
    failed              BIGINT       NOT NULL,
    input_tokens        BIGINT       NOT NULL,
    output_tokens       BIGINT       NOT NULL,
    cached_input_tokens BIGINT       NOT NULL,
    cache_write_tokens  BIGINT       NOT NULL,
    reasoning_tokens    BIGINT       NOT NULL,
    cost_nanos          BIGINT       NOT NULL,
    unpriced            BIGINT       NOT NULL,
    PRIMARY KEY (period_start, client, model, provider)
)${rollup_options};
