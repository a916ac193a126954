-- String (categorical) values: a point's value may be a string ("paypal"), stored as sent. A journal row
-- carries them in categories, parallel to times and vals (whose element is 0 for a string point); the
-- column is NULL for a row of numbers only, so numeric series pay nothing. The three read-only doors into
-- the journal return the string as a new last column (NULL for a number); their other columns keep their
-- names and order. Plain SQL: the same on TimescaleDB (a nullable column is added to every chunk) and
-- on plain PostgreSQL 17.
ALTER TABLE tsm.point_batches ADD COLUMN IF NOT EXISTS categories text[];

-- Whether a metric has ever stored a string value: what refuses avg/sum/min/max over it and what the
-- FastAPI door lists as its value_type. Set by the silo's journal writer, never cleared.
ALTER TABLE tsm.metrics ADD COLUMN IF NOT EXISTS has_strings boolean NOT NULL DEFAULT false;

-- The return types change, so each function is dropped and created again with the same attributes.
DROP FUNCTION IF EXISTS tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer);
CREATE FUNCTION tsm.raw_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz, p_skip integer, p_limit integer)
RETURNS TABLE (variant text, "time" timestamptz, value float8, user_id text, tags jsonb, category text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v, p.u, p.g, p.c
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.user_ids, b.tags, b.categories) WITH ORDINALITY AS p(t, v, u, g, c, n)
    WHERE b.test = p_test AND b.metric = p_metric
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.hour >= date_trunc('hour', p_from) AND b.hour <= p_to
      AND b.last_time >= p_from AND b.first_time <= p_to
      AND p.t >= p_from AND p.t <= p_to
    ORDER BY p.t, b.seq, b.variant, p.n
    OFFSET greatest(p_skip, 0) LIMIT least(greatest(p_limit, 0), 100000)
$$;

DROP FUNCTION IF EXISTS tsm.unflushed_points(text, text, text, timestamptz, timestamptz);
CREATE FUNCTION tsm.unflushed_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (variant text, "time" timestamptz, value float8, category text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v, p.c
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.categories) AS p(t, v, c)
    WHERE b.test = p_test AND b.metric = p_metric
      AND b.seq > coalesce((SELECT w.flushed_seq FROM tsm.series_watermarks w WHERE w.test = p_test AND w.metric = p_metric), 0)
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.last_time >= p_from AND b.first_time < p_to
      AND p.t >= p_from AND p.t < p_to
$$;

DROP FUNCTION IF EXISTS tsm.plain_points(text, timestamptz, timestamptz, integer, integer);
CREATE FUNCTION tsm.plain_points(p_metric text, p_from timestamptz, p_to timestamptz, p_skip integer, p_limit integer)
RETURNS TABLE (metric text, "time" timestamptz, value float8, tags jsonb, category text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.metric, p.t, p.v, p.g, p.c
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals, b.tags, b.categories) WITH ORDINALITY AS p(t, v, g, c, n)
    WHERE b.test = '' AND (p_metric IS NULL OR b.metric = p_metric)
      AND (p_from IS NULL OR (b.hour >= date_trunc('hour', p_from) AND b.last_time >= p_from AND p.t >= p_from))
      AND (p_to IS NULL OR (b.hour <= p_to AND b.first_time <= p_to AND p.t <= p_to))
    -- A row's points all lie in its hour, so ordering rows by hour first orders the points the same way and
    -- lets a page stop after the hours it needs (an incremental sort) instead of sorting every point.
    ORDER BY b.hour, p.t, b.metric, b.seq, p.n
    OFFSET greatest(p_skip, 0) LIMIT least(greatest(p_limit, 0), 100000)
$$;

REVOKE ALL ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.plain_points(text, timestamptz, timestamptz, integer, integer) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.raw_points(text, text, text, timestamptz, timestamptz, integer, integer) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.plain_points(text, timestamptz, timestamptz, integer, integer) TO tsmetrics_api;
    END IF;
END $$;
