using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;

namespace TSMetrics.Grains.Storage;

/// <summary>The upsert of a group of flushes' unit totals into tsm.unit_totals, part of the rollup transaction.</summary>
public static class UnitTotalsCommand
{
    // Additive, like the rollups: each flush carries what units gained since the previous one.
    private const string MergeUnits = """
        INSERT INTO tsm.unit_totals AS u (test, metric, variant, unit_hash, points, sum)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::float8[])
        ON CONFLICT (test, metric, variant, unit_hash) DO UPDATE SET points = u.points + excluded.points, sum = u.sum + excluded.sum
        """;

    private static readonly Comparison<UnitRow> KeyOrder = (a, b) =>
        a.VariantIndex != b.VariantIndex ? a.VariantIndex.CompareTo(b.VariantIndex) : unchecked((long)a.UnitHash).CompareTo(unchecked((long)b.UnitHash));

    public static NpgsqlBatchCommand? For(IReadOnlyList<RollupFlush> flushes)
    {
        var count = 0;
        foreach (var flush in flushes) count += flush.Units?.Count ?? 0;
        if (count == 0) return null;
        var tests = new string[count];
        var metrics = new string[count];
        var variants = new string[count];
        var hashes = new long[count];
        var points = new long[count];
        var sums = new double[count];
        var i = 0;
        foreach (var flush in flushes)
        {
            if (flush.Units is null) continue;
            // In key order: the upsert then walks the primary key's leaves in order instead of at random,
            // which halved its time on a table of 1.6M units (80,000 rows: 0.47-0.54 s sorted, 1.0-1.2 s not).
            var sorted = flush.Units.ToArray();
            Array.Sort(sorted, KeyOrder);
            foreach (var unit in sorted)
            {
                (tests[i], metrics[i], variants[i]) = (flush.Key.Test, flush.Key.Metric, flush.VariantNames[unit.VariantIndex]);
                (hashes[i], points[i], sums[i]) = (unchecked((long)unit.UnitHash), unit.Totals.Points, unit.Totals.Sum);
                i++;
            }
        }

        return new NpgsqlBatchCommand(MergeUnits)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = tests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = metrics, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = variants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<long[]> { TypedValue = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<long[]> { TypedValue = points, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<double[]> { TypedValue = sums, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
            },
        };
    }
}
