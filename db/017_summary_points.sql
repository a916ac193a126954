-- Summary points: an OTLP histogram data point is stored as one journal point, a pre-aggregated contribution
-- (PointSummary in the grains). Its sum is the vals element as for any point; these columns, parallel to times
-- and vals, carry its count, extremes, M2 and quantile bins (a jsonb object of counts by bin key, as the
-- rollups' bins of db/013). A NULL element is a plain point; the columns are NULL on a row without summaries,
-- so numeric series pay nothing. The tail of history reads (tsm.unflushed_points) and the raw points return
-- them as new last columns; their other columns keep their names and order.
ALTER TABLE tsm.point_batches
    ADD COLUMN IF NOT EXISTS counts bigint[],
    ADD COLUMN IF NOT EXISTS mins float8[],
    ADD COLUMN IF NOT EXISTS maxs float8[],
    ADD COLUMN IF NOT EXISTS m2s float8[],
    ADD COLUMN IF NOT EXISTS bins jsonb[];

DROP FUNCTION IF EXISTS tsm.unflushed_points(text, text, text, timestamptz, timestamptz);
CREATE FUNCTION tsm.unflushed_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (variant text, "time" timestamptz, value float8, category text, count bigint, min float8, max float8, m2 float8, bins jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v, p.c, p.n, p.lo, p.hi, p.m2, p.k
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.categories, b.counts, b.mins, b.maxs, b.m2s, b.bins) AS p(t, v, c, n, lo, hi, m2, k)
    WHERE b.test = p_test AND b.metric = p_metric
      AND b.seq > coalesce((SELECT w.flushed_seq FROM tsm.series_watermarks w WHERE w.test = p_test AND w.metric = p_metric), 0)
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.last_time >= p_from AND b.first_time < p_to
      AND p.t >= p_from AND p.t < p_to
$$;

-- A summary point shows as one point: value its sum, count its count (NULL for a plain point).
DROP FUNCTION IF EXISTS tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer);
CREATE FUNCTION tsm.raw_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz, p_skip integer, p_limit integer)
RETURNS TABLE (variant text, "time" timestamptz, value float8, user_id text, tags jsonb, category text, count bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v, p.u, p.g, p.c, p.k
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.user_ids, b.tags, b.categories, b.counts) WITH ORDINALITY AS p(t, v, u, g, c, k, n)
    WHERE b.test = p_test AND b.metric = p_metric
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.hour >= date_trunc('hour', p_from) AND b.hour <= p_to
      AND b.last_time >= p_from AND b.first_time <= p_to
      AND p.t >= p_from AND p.t <= p_to
    ORDER BY p.t, b.seq, b.variant, p.n
    OFFSET greatest(p_skip, 0) LIMIT least(greatest(p_limit, 0), 100000)
$$;

REVOKE ALL ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) TO tsmetrics_api;
    END IF;
END $$;
