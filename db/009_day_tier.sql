-- The 1-day tier (the tier table in src/Grains.Interfaces/RollupTierTable.cs): its rollup table, filled
-- from the hour rollups an existing install already holds. Hypertable where TimescaleDB is present.
-- Numbered 009 on the buckets branch; an alerts branch adds its own migration after it.
CREATE TABLE tsm.rollup_1d (LIKE tsm.rollup_1s INCLUDING ALL);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('tsm.rollup_1d', by_range('bucket', interval '365 days'));
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT SELECT ON tsm.rollup_1d TO tsmetrics_api;
    END IF;
END $$;

-- M2 of a union of hours: each hour's M2 plus its count times the squared distance of its mean from the day's.
INSERT INTO tsm.rollup_1d (test, metric, variant, bucket, count, sum, m2, min, max)
SELECT h.test, h.metric, h.variant, d.day, d.n, d.s,
       sum(h.m2 + h.count * power(h.sum / h.count - d.s / d.n, 2)), min(h.min), max(h.max)
FROM tsm.rollup_1h h
JOIN (SELECT test, metric, variant, date_trunc('day', bucket, 'UTC') AS day, sum(count) AS n, sum(sum) AS s
      FROM tsm.rollup_1h GROUP BY 1, 2, 3, 4) d
  ON d.test = h.test AND d.metric = h.metric AND d.variant = h.variant AND d.day = date_trunc('day', h.bucket, 'UTC')
GROUP BY h.test, h.metric, h.variant, d.day, d.n, d.s;
