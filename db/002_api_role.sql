-- The gateway connects as tsmetrics_api: it reads rollups and the catalog, and reads raw points only
-- through tsm.raw_points (one series, one bounded range). It cannot write anything or scan the journal.
CREATE OR REPLACE FUNCTION tsm.raw_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz, p_skip integer, p_limit integer)
RETURNS TABLE (variant text, "time" timestamptz, value float8, user_id text, tags jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v, p.u, p.g
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.user_ids, b.tags) WITH ORDINALITY AS p(t, v, u, g, n)
    WHERE b.test = p_test AND b.metric = p_metric
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.hour >= date_trunc('hour', p_from) AND b.hour <= p_to
      AND b.last_time >= p_from AND b.first_time <= p_to
      AND p.t >= p_from AND p.t <= p_to
    ORDER BY p.t, b.seq, b.variant, p.n
    OFFSET greatest(p_skip, 0) LIMIT least(greatest(p_limit, 0), 100000)
$$;

REVOKE ALL ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT USAGE ON SCHEMA tsm TO tsmetrics_api;
        GRANT SELECT ON tsm.rollup_1s, tsm.rollup_1m, tsm.rollup_1h, tsm.tests, tsm.variants, tsm.metrics TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) TO tsmetrics_api;
    END IF;
END $$;
