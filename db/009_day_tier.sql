-- Chan's merge of M2, the one place SQL has it (C# has SummaryStats.Merge): the rollup upsert, history totals
-- and the day backfill below all use it. Numbered 009 on the buckets branch; an alerts branch adds its own
-- migration after it.
CREATE FUNCTION tsm.merged_m2(n1 bigint, s1 float8, m1 float8, n2 bigint, s2 float8, m2 float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN n1 = 0 THEN m2 WHEN n2 = 0 THEN m1
                ELSE m1 + m2 + power(s2 / n2 - s1 / n1, 2) * n1 * n2 / (n1 + n2) END;

CREATE TYPE tsm.summary AS (count bigint, sum float8, m2 float8, min float8, max float8);

CREATE FUNCTION tsm.summary_merge(a tsm.summary, n bigint, s float8, m float8, lo float8, hi float8) RETURNS tsm.summary
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN a IS NULL THEN ROW(n, s, m, lo, hi)::tsm.summary
                ELSE ROW((a).count + n, (a).sum + s, tsm.merged_m2((a).count, (a).sum, (a).m2, n, s, m), least((a).min, lo), greatest((a).max, hi))::tsm.summary END;

-- The statistics of a union of buckets: tsm.summary_agg(count, sum, m2, min, max).
CREATE AGGREGATE tsm.summary_agg(bigint, float8, float8, float8, float8) (SFUNC = tsm.summary_merge, STYPE = tsm.summary);

CREATE TABLE tsm.rollup_1d (LIKE tsm.rollup_1s INCLUDING ALL);

-- A hypertable where TimescaleDB is present (written out: installs from before tsm.make_hypertable lack it).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('tsm.rollup_1d', by_range('bucket', interval '365 days'));
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT SELECT ON tsm.rollup_1d TO tsmetrics_api;
    END IF;
END $$;

INSERT INTO tsm.rollup_1d (test, metric, variant, bucket, count, sum, m2, min, max)
SELECT test, metric, variant, day, (t).count, (t).sum, (t).m2, (t).min, (t).max
FROM (SELECT test, metric, variant, date_trunc('day', bucket, 'UTC') AS day, tsm.summary_agg(count, sum, m2, min, max) AS t
      FROM tsm.rollup_1h GROUP BY 1, 2, 3, 4) d;
