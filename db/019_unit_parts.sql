-- Per-unit totals stored as parts instead of a row per unit: each (series, variant) splits its units into
-- 1,024 parts by the top 10 bits of the unit hash (UnitPart.Of in Grains; the same bits below), and a part
-- row holds its units' hashes, points and sums as three parallel arrays. A unit flush rewrites the parts its
-- pending units fall in, whole, with what memory holds: one row of ~100 units for a 100,000-user variant
-- instead of ~100 row upserts, each a B-tree descent and ~270 bytes of WAL (docs/benchmarks.md, issue 15).
-- tsm.unit_totals stays as a view of the same rows, one per unit, for anyone who reads it.
CREATE TABLE tsm.unit_parts (
    test        text     NOT NULL,
    metric      text     NOT NULL,
    variant     text     NOT NULL,
    part        integer  NOT NULL,
    unit_hashes bigint[] NOT NULL,
    points      bigint[] NOT NULL,
    sums        float8[] NOT NULL,
    PRIMARY KEY (test, metric, variant, part)
);

-- The hash is stored signed: an arithmetic shift by 54 keeps the top 10 bits in the low 10.
INSERT INTO tsm.unit_parts (test, metric, variant, part, unit_hashes, points, sums)
SELECT test, metric, variant, ((unit_hash >> 54) & 1023)::integer,
       array_agg(unit_hash ORDER BY unit_hash), array_agg(points ORDER BY unit_hash), array_agg(sum ORDER BY unit_hash)
FROM tsm.unit_totals
GROUP BY test, metric, variant, ((unit_hash >> 54) & 1023)::integer;

DROP TABLE tsm.unit_totals;

CREATE VIEW tsm.unit_totals AS
SELECT p.test, p.metric, p.variant, u.unit_hash, u.points, u.sum
FROM tsm.unit_parts p, unnest(p.unit_hashes, p.points, p.sums) AS u(unit_hash, points, sum);
