-- Per-unit (user) totals of each series, the whole life of the test: what the unit-level comparisons read
-- from memory, stored with the rollups under the same watermark so an activation rebuilds them exactly.
-- A plain table (no TimescaleDB feature): rows are keyed by unit, not by time. The hash is UnitIdHash
-- (XxHash64 of the id's UTF-8 bytes) stored as a signed bigint.
CREATE TABLE tsm.unit_totals (
    test      text    NOT NULL,
    metric    text    NOT NULL,
    variant   text    NOT NULL,
    unit_hash bigint  NOT NULL,
    points    bigint  NOT NULL,
    sum       float8  NOT NULL,
    PRIMARY KEY (test, metric, variant, unit_hash)
);
