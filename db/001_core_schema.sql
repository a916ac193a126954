-- TSMetrics core schema: the point journal (raw points, durable before acknowledgement), rollups at three
-- resolutions written by the series grains, flush watermarks, and the catalog.
-- Works on TimescaleDB's Apache edition: hypertables and drop_chunks only, no continuous aggregates or policies;
-- and on plain PostgreSQL 17 without TimescaleDB: plain tables, retention by DELETE.

-- TimescaleDB where the server loads it (its settings exist then; shared_preload_libraries is for superusers
-- only, and creating the extension without the library loaded ends the connection); plain tables otherwise.
DO $$
BEGIN
    IF current_setting('timescaledb.license', true) IS NOT NULL THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS tsm;

-- A hypertable where TimescaleDB is present, the plain table otherwise.
CREATE FUNCTION tsm.make_hypertable(p_table regclass, p_column name, p_chunk interval) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable(p_table, by_range(p_column, p_chunk));
    END IF;
END $$;
REVOKE ALL ON FUNCTION tsm.make_hypertable(regclass, name, interval) FROM PUBLIC;

-- One row per (series, variant, hour) per grain write: arrays keep the write cost per batch, not per point.
-- seq orders a grain's writes; rows with seq above the series' watermark are not yet in the rollups.
CREATE TABLE tsm.point_batches (
    test        text        NOT NULL,
    metric      text        NOT NULL,
    variant     text        NOT NULL,
    seq         bigint      NOT NULL,
    hour        timestamptz NOT NULL,
    first_time  timestamptz NOT NULL,
    last_time   timestamptz NOT NULL,
    point_count integer     NOT NULL,
    times       timestamptz[] NOT NULL,
    vals        float8[]    NOT NULL,
    user_ids    text[],
    tags        jsonb[]
);
SELECT tsm.make_hypertable('tsm.point_batches', 'hour', interval '1 day');
CREATE INDEX point_batches_series_hour ON tsm.point_batches (test, metric, hour DESC);
CREATE INDEX point_batches_series_seq ON tsm.point_batches (test, metric, seq);
-- Float arrays barely compress; skipping pglz saves the database CPU on every write.
ALTER TABLE tsm.point_batches ALTER COLUMN vals SET STORAGE EXTERNAL;
ALTER TABLE tsm.point_batches ALTER COLUMN times SET STORAGE EXTERNAL;

-- Rollups: count, sum, M2 (sum of squared deviations), min, max per bucket; mergeable exactly.
CREATE TABLE tsm.rollup_1s (
    test    text        NOT NULL,
    metric  text        NOT NULL,
    variant text        NOT NULL,
    bucket  timestamptz NOT NULL,
    count   bigint      NOT NULL,
    sum     float8      NOT NULL,
    m2      float8      NOT NULL,
    min     float8      NOT NULL,
    max     float8      NOT NULL,
    PRIMARY KEY (test, metric, variant, bucket)
);
SELECT tsm.make_hypertable('tsm.rollup_1s', 'bucket', interval '1 day');

CREATE TABLE tsm.rollup_1m (LIKE tsm.rollup_1s INCLUDING ALL);
SELECT tsm.make_hypertable('tsm.rollup_1m', 'bucket', interval '7 days');

CREATE TABLE tsm.rollup_1h (LIKE tsm.rollup_1s INCLUDING ALL);
SELECT tsm.make_hypertable('tsm.rollup_1h', 'bucket', interval '90 days');

-- Everything a series wrote to point_batches up to flushed_seq is in the rollups.
CREATE TABLE tsm.series_watermarks (
    test        text   NOT NULL,
    metric      text   NOT NULL,
    flushed_seq bigint NOT NULL,
    PRIMARY KEY (test, metric)
);

-- Catalog. Plain metrics (no A/B test) belong to the test ''.
CREATE TABLE tsm.tests (
    name        text PRIMARY KEY,
    control     text,
    description text,
    first_seen  timestamptz,
    last_seen   timestamptz
);

CREATE TABLE tsm.variants (
    test       text NOT NULL,
    name       text NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (test, name)
);

CREATE TABLE tsm.metrics (
    test        text     NOT NULL,
    name        text     NOT NULL,
    unit        text,
    direction   smallint NOT NULL DEFAULT 0,
    kind        smallint NOT NULL DEFAULT 0,
    description text,
    first_seen  timestamptz,
    last_seen   timestamptz,
    PRIMARY KEY (test, name)
);
