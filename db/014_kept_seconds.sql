-- 1-second rollups kept past the 1-second tier's retention, for the series whose answers need seconds of
-- any age (the Flask report's hour ends on any second: KeptSecondSeries in Grains.Interfaces names them).
-- Retention moves their rows here in the same transaction that drops the chunks holding them, merging with
-- rows moved earlier, so every point is counted once: in tsm.rollup_1s or here, never both. A plain table:
-- it holds only those few series, and retention never drops it.
-- Numbered 013 on the dropin-ops branch (012 is the string-values migration).
CREATE TABLE tsm.rollup_1s_kept (LIKE tsm.rollup_1s INCLUDING ALL);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT SELECT ON tsm.rollup_1s_kept TO tsmetrics_api;
    END IF;
END $$;
