-- Distinct users per rollup bucket (BucketUsers in Grains.Interfaces): a DistinctCountSketch's bytes, exact
-- hashes of the user ids up to a threshold, HyperLogLog registers beyond. Sketches merge by union, not by
-- adding, so the rollup writer reads the stored sketch, merges in C# and writes the result in the same
-- transaction (RollupWriter, a single writer). NULL: no point of the bucket carried a user id.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tsm.rollup_1s', 'tsm.rollup_1m', 'tsm.rollup_1h', 'tsm.rollup_1d'] LOOP
        EXECUTE format('ALTER TABLE %s ADD COLUMN users bytea', t);
    END LOOP;
END
$$;

-- The user ids of a series' points that are durable but not in the rollups yet (journal rows above its
-- watermark), for history reads that add them to the rollups' sketches: the counterpart of
-- tsm.unflushed_points for users, STABLE so it reads the calling statement's snapshot.
CREATE OR REPLACE FUNCTION tsm.unflushed_users(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (variant text, "time" timestamptz, user_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.u
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.user_ids) AS p(t, u)
    WHERE b.test = p_test AND b.metric = p_metric AND b.user_ids IS NOT NULL
      AND b.seq > coalesce((SELECT w.flushed_seq FROM tsm.series_watermarks w WHERE w.test = p_test AND w.metric = p_metric), 0)
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.last_time >= p_from AND b.first_time < p_to
      AND p.t >= p_from AND p.t < p_to AND p.u IS NOT NULL
$$;

REVOKE ALL ON FUNCTION tsm.unflushed_users(text, text, text, timestamptz, timestamptz) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.unflushed_users(text, text, text, timestamptz, timestamptz) TO tsmetrics_api;
    END IF;
END $$;
