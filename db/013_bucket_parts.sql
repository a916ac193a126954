-- What a bucket holds beyond its numbers (BucketParts in the grains): values per quantile bin, for series
-- that keep percentiles, and points per string value. Both are counts by key in a jsonb object that merge
-- by adding key by key, so the rollup upsert still merges without reading (late points, restarts) and a
-- history read of any width is the exact union of its rows. Bin keys are QuantileSketch.BinKey at 1%.
-- A bucket of string values only has count 0 and no min or max: those become nullable.
CREATE FUNCTION tsm.merged_counts(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE
        (SELECT jsonb_object_agg(key, total)
         FROM (SELECT key, sum(value::bigint) AS total
               FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) e
               GROUP BY key) t)
    END
    $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tsm.rollup_1s', 'tsm.rollup_1m', 'tsm.rollup_1h', 'tsm.rollup_1d'] LOOP
        EXECUTE format('ALTER TABLE %s ADD COLUMN bins jsonb, ADD COLUMN categories jsonb', t);
        EXECUTE format('ALTER TABLE %s ALTER COLUMN min DROP NOT NULL, ALTER COLUMN max DROP NOT NULL', t);
    END LOOP;
END
$$;

-- A metric's choice of percentiles (null: the default by unit and name, QuantileDefaults).
ALTER TABLE tsm.metrics ADD COLUMN percentiles boolean;

-- QuantileSketch.BinKey in SQL, for raw journal values that history reads add to the rollups' bins; the
-- multiplier (1 / ln γ), the smallest indexable magnitude and the key offset come from the caller, so C#
-- stays the one place that defines the mapping. Both sides compute ln with the C library, so keys agree.
CREATE FUNCTION tsm.bin_key(v float8, multiplier float8, min_indexable float8, key_offset integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN v > min_indexable THEN key_offset + ceil(ln(v) * multiplier)::integer
                WHEN v < -min_indexable THEN -(key_offset + ceil(ln(-v) * multiplier)::integer)
                ELSE 0 END;

-- The union of counts objects over rows (history reads of categories); strict, so rows without any are skipped.
CREATE FUNCTION tsm.merged_counts_step(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN tsm.merged_counts(a, b);

CREATE AGGREGATE tsm.counts_agg(jsonb) (SFUNC = tsm.merged_counts_step, STYPE = jsonb);
