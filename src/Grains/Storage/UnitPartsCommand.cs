using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Stores unit-total parts (tsm.unit_parts, db/019) in place of the stored ones: part of the rollup transaction
/// for a unit flush, and what a start rebuild writes. Every part's arrays travel end to end in three flat
/// parameters, each part naming its slice, so one statement writes any number of parts.
/// </summary>
public static class UnitPartsCommand
{
    // A part is whole in memory (UnitPart), so it replaces the stored one rather than adding to it.
    private const string StoreParts = """
        INSERT INTO tsm.unit_parts AS p (test, metric, variant, part, unit_hashes, points, sums)
        SELECT k.test, k.metric, k.variant, k.part, $5[k.first:k.last], $6[k.first:k.last], $7[k.first:k.last]
        FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $8::integer[], $9::integer[]) AS k(test, metric, variant, part, first, last)
        ON CONFLICT (test, metric, variant, part) DO UPDATE SET unit_hashes = excluded.unit_hashes, points = excluded.points, sums = excluded.sums
        """;

    public static NpgsqlBatchCommand? For(IReadOnlyList<RollupFlush> flushes)
    {
        var parts = new List<(SeriesKey, string, UnitPart)>();
        foreach (var flush in flushes)
            foreach (var part in flush.Units ?? [])
                parts.Add((flush.Key, flush.VariantNames[part.VariantIndex], part));
        return parts.Count == 0 ? null : Command(parts);
    }

    public static NpgsqlBatchCommand? For(SeriesKey key, IReadOnlyList<string> variantNames, IReadOnlyList<UnitPart> parts)
    {
        var named = new List<(SeriesKey, string, UnitPart)>(parts.Count);
        foreach (var part in parts) named.Add((key, variantNames[part.VariantIndex], part));
        return named.Count == 0 ? null : Command(named);
    }

    private static NpgsqlBatchCommand Command(List<(SeriesKey Key, string Variant, UnitPart Part)> parts)
    {
        var units = 0;
        foreach (var (_, _, part) in parts) units += part.UnitHashes.Length;
        var (tests, metrics, variants) = (new string[parts.Count], new string[parts.Count], new string[parts.Count]);
        var (numbers, firsts, lasts) = (new int[parts.Count], new int[parts.Count], new int[parts.Count]);
        var (hashes, points, sums) = (new long[units], new long[units], new double[units]);
        var at = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var (key, variant, part) = parts[i];
            (tests[i], metrics[i], variants[i], numbers[i]) = (key.Test, key.Metric, variant, part.Part);
            part.UnitHashes.CopyTo(hashes, at);
            part.Points.CopyTo(points, at);
            part.Sums.CopyTo(sums, at);
            // PostgreSQL's slices are 1-based and inclusive.
            (firsts[i], lasts[i]) = (at + 1, at + part.UnitHashes.Length);
            at += part.UnitHashes.Length;
        }

        return new NpgsqlBatchCommand(StoreParts)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = tests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = metrics, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = variants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<int[]> { TypedValue = numbers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                new NpgsqlParameter<long[]> { TypedValue = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<long[]> { TypedValue = points, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<double[]> { TypedValue = sums, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                new NpgsqlParameter<int[]> { TypedValue = firsts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                new NpgsqlParameter<int[]> { TypedValue = lasts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
            },
        };
    }
}
