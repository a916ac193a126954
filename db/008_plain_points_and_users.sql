-- Two more read-only doors into the journal for the predecessors' routes, both SECURITY DEFINER so the API
-- role still cannot read tsm.point_batches itself.

-- Raw points of plain metrics (test ''), one metric or all, as the Tornado API's GET /v1/metrics listed
-- them: either end may be open (NULL), both ends inclusive, in time order, one page at a time.
CREATE OR REPLACE FUNCTION tsm.plain_points(p_metric text, p_from timestamptz, p_to timestamptz, p_skip integer, p_limit integer)
RETURNS TABLE (metric text, "time" timestamptz, value float8, tags jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.metric, p.t, p.v, p.g
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.tags) WITH ORDINALITY AS p(t, v, g, n)
    WHERE b.test = '' AND (p_metric IS NULL OR b.metric = p_metric)
      AND (p_from IS NULL OR (b.hour >= date_trunc('hour', p_from) AND b.last_time >= p_from AND p.t >= p_from))
      AND (p_to IS NULL OR (b.hour <= p_to AND b.first_time <= p_to AND p.t <= p_to))
    -- A row's points all lie in its hour, so ordering rows by hour first orders the points the same way and
    -- lets a page stop after the hours it needs (an incremental sort) instead of sorting every point.
    ORDER BY b.hour, p.t, b.metric, b.seq, p.n
    OFFSET greatest(p_skip, 0) LIMIT least(greatest(p_limit, 0), 100000)
$$;

-- Distinct user ids of some metrics of one test (or of plain metrics, test '') in [p_from, p_to], both
-- inclusive: the Flask API's unique users. Within raw retention only; distinct-count sketches in the
-- rollups will answer older ranges.
CREATE OR REPLACE FUNCTION tsm.distinct_users(p_test text, p_metrics text[], p_from timestamptz, p_to timestamptz)
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT count(DISTINCT p.u)
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.user_ids) AS p(t, u)
    WHERE b.test = p_test AND b.metric = ANY (p_metrics) AND b.user_ids IS NOT NULL
      AND b.hour >= date_trunc('hour', p_from) AND b.hour <= p_to
      AND b.last_time >= p_from AND b.first_time <= p_to
      AND p.t >= p_from AND p.t <= p_to AND p.u IS NOT NULL
$$;

REVOKE ALL ON FUNCTION tsm.plain_points(text, timestamptz, timestamptz, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.distinct_users(text, text[], timestamptz, timestamptz) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.plain_points(text, timestamptz, timestamptz, integer, integer) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.distinct_users(text, text[], timestamptz, timestamptz) TO tsmetrics_api;
    END IF;
END $$;
