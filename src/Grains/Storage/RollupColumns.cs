using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>Rollup rows laid out as one array per column, for an unnest-based merge statement.</summary>
internal sealed class RollupColumns
{
    private readonly List<string> _tests = [];
    private readonly List<string> _metrics = [];
    private readonly List<string> _variants = [];
    private readonly List<DateTime> _buckets = [];
    private readonly List<long> _counts = [];
    private readonly List<double> _sums = [];
    private readonly List<double> _m2s = [];
    private readonly List<double?> _mins = [];
    private readonly List<double?> _maxes = [];
    private readonly List<string?> _bins = [];
    private readonly List<string?> _categories = [];

    public int Count => _tests.Count;

    public void Add(SeriesKey key, string variant, string[] categoryNames, in RollupRow row)
    {
        _tests.Add(key.Test);
        _metrics.Add(key.Metric);
        _variants.Add(variant);
        _buckets.Add(UnixTime.FromMicros(row.BucketIndex * row.Resolution.Micros()));
        _counts.Add(row.Stats.Count);
        _sums.Add(row.Stats.Sum);
        _m2s.Add(row.Stats.M2);
        // A bucket of string values only has no extremes; least/greatest in the merge skip the nulls.
        _mins.Add(row.Stats.Count == 0 ? null : row.Stats.Min);
        _maxes.Add(row.Stats.Count == 0 ? null : row.Stats.Max);
        _bins.Add(BucketPartsJson.Bins(row.Parts?.Bins));
        _categories.Add(BucketPartsJson.Categories(row.Parts?.Categories, categoryNames));
    }

    public NpgsqlBatchCommand ToCommand(string sql) => new(sql)
    {
        Parameters =
        {
            Array(_tests, NpgsqlDbType.Text),
            Array(_metrics, NpgsqlDbType.Text),
            Array(_variants, NpgsqlDbType.Text),
            Array(_buckets, NpgsqlDbType.TimestampTz),
            Array(_counts, NpgsqlDbType.Bigint),
            Array(_sums, NpgsqlDbType.Double),
            Array(_m2s, NpgsqlDbType.Double),
            Array(_mins, NpgsqlDbType.Double),
            Array(_maxes, NpgsqlDbType.Double),
            Array(_bins, NpgsqlDbType.Jsonb),
            Array(_categories, NpgsqlDbType.Jsonb),
        },
    };

    private static NpgsqlParameter<T[]> Array<T>(List<T> values, NpgsqlDbType type) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | type };
}
