-- A test's start, set with PUT /v1/tests/{test}: unit-level totals count only points at or after it
-- (null: from the test's first point).
ALTER TABLE tsm.tests ADD COLUMN IF NOT EXISTS start_time timestamptz;

-- The start each series' stored unit totals were computed for (no row: the whole life). A series whose
-- row differs from its test's start_time rebuilds its unit totals from the journal.
CREATE TABLE IF NOT EXISTS tsm.unit_windows (
    test   text NOT NULL,
    metric text NOT NULL,
    since  timestamptz,
    PRIMARY KEY (test, metric)
);
