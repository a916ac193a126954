-- The journal is partitioned by arrival (written), not by point time: retention then keeps every point
-- queryable raw for the raw retention after it arrived, however old its timestamp, and the silo's
-- catch-up finds recently written rows above a series' watermark by scanning only the newest chunks.
DO $$
BEGIN
    -- Plain PostgreSQL (no TimescaleDB) keeps the plain table: retention deletes by written there.
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT FROM timescaledb_information.dimensions
               WHERE hypertable_schema = 'tsm' AND hypertable_name = 'point_batches' AND column_name = 'hour') THEN
        ALTER TABLE tsm.point_batches RENAME TO point_batches_by_hour;
        ALTER INDEX tsm.point_batches_series_hour RENAME TO point_batches_by_hour_series_hour;
        ALTER INDEX tsm.point_batches_series_seq RENAME TO point_batches_by_hour_series_seq;
        ALTER INDEX tsm.point_batches_series_written RENAME TO point_batches_by_hour_series_written;
        CREATE TABLE tsm.point_batches (LIKE tsm.point_batches_by_hour INCLUDING DEFAULTS INCLUDING STORAGE);
        PERFORM create_hypertable('tsm.point_batches', by_range('written', interval '1 day'));
        INSERT INTO tsm.point_batches SELECT * FROM tsm.point_batches_by_hour;
        DROP TABLE tsm.point_batches_by_hour;
        CREATE INDEX point_batches_series_hour ON tsm.point_batches (test, metric, hour DESC);
        CREATE INDEX point_batches_series_seq ON tsm.point_batches (test, metric, seq);
        CREATE INDEX point_batches_series_written ON tsm.point_batches (test, metric, written DESC) WHERE batch_id IS NOT NULL;
    END IF;
END $$;

-- The points of a series that are durable but not in the rollups yet (journal rows above its watermark),
-- for history reads: rollups plus this tail count every acknowledged point exactly once. STABLE, so it
-- reads the same snapshot as the rollups in the calling statement (a flush commits both at once).
CREATE OR REPLACE FUNCTION tsm.unflushed_points(
    p_test text, p_metric text, p_variant text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (variant text, "time" timestamptz, value float8)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT b.variant, p.t, p.v
    FROM tsm.point_batches b,
         LATERAL unnest(b.times, b.vals) AS p(t, v)
    WHERE b.test = p_test AND b.metric = p_metric
      AND b.seq > coalesce((SELECT w.flushed_seq FROM tsm.series_watermarks w WHERE w.test = p_test AND w.metric = p_metric), 0)
      AND (p_variant IS NULL OR b.variant = p_variant)
      AND b.last_time >= p_from AND b.first_time < p_to
      AND p.t >= p_from AND p.t < p_to
$$;

REVOKE ALL ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.unflushed_points(text, text, text, timestamptz, timestamptz) TO tsmetrics_api;
    END IF;
END $$;
