-- The unit totals' own watermark: journal writes up to units_seq are in tsm.unit_totals. A grain upserts the
-- units its points touched once a minute (TSMetrics:Window:UnitFlushInterval) rather than on every 2-second
-- rollup flush: a user seen in every flush then costs one row a minute instead of thirty, and those rows were
-- most of the database's work per point. So units_seq may trail flushed_seq; an activation replays the
-- journal above units_seq into the units (and above flushed_seq into the buckets too), and retention keeps
-- the journal until both have passed it. Rows written before this migration had both in one flush.
ALTER TABLE tsm.series_watermarks ADD COLUMN units_seq bigint NOT NULL DEFAULT 0;
UPDATE tsm.series_watermarks SET units_seq = flushed_seq;
