using System.Text;
using Npgsql;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Reads older ranges from storage: the rollups the grains flushed plus the journal rows not flushed yet
/// (<c>tsm.unflushed_points</c>, read in the same snapshot), so an acknowledged point is in history at once,
/// also when the grain that holds it died before its flush. Buckets are summed by count and sum, never by
/// averaging averages; categories and quantile bins are added key by key (db/013). A summary point of the tail
/// (a histogram, db/017) counts as its count, with its extremes, M2 and bins, never as one value.
/// </summary>
public sealed class HistoryReader(NpgsqlDataSource dataSource)
{
    private const string SelectBuckets = """
        SELECT variant, date_bin($5::interval, t, '1970-01-01T00:00:00Z'::timestamptz) AS b,
               sum(n)::bigint, sum(s), min(lo), max(hi), tsm.counts_agg(c)
        FROM (
            SELECT variant, bucket AS t, count AS n, sum AS s, min AS lo, max AS hi, categories AS c FROM {0}
            WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6)
            UNION ALL
            SELECT variant, "time", CASE WHEN category IS NULL THEN coalesce(count, 1) ELSE 0 END, CASE WHEN category IS NULL THEN value ELSE 0 END,
                   CASE WHEN category IS NULL THEN coalesce(min, value) END, CASE WHEN category IS NULL THEN coalesce(max, value) END,
                   CASE WHEN category IS NOT NULL THEN jsonb_build_object(category, 1) END
            FROM tsm.unflushed_points($1, $2, $6, $3, $4)
        ) r
        GROUP BY variant, b
        ORDER BY variant, b
        """;

    // Values per quantile bin per output bucket: the rollups' bins plus the unflushed values binned alike.
    private const string SelectBucketBins = """
        SELECT variant, b, key, sum(n)::bigint
        FROM (
            SELECT variant, date_bin($5::interval, bucket, '1970-01-01T00:00:00Z'::timestamptz) AS b, e.key::integer AS key, e.value::bigint AS n
            FROM {0} r CROSS JOIN LATERAL jsonb_each_text(r.bins) e
            WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6) AND r.bins IS NOT NULL
            UNION ALL
            SELECT u.variant, date_bin($5::interval, u."time", '1970-01-01T00:00:00Z'::timestamptz),
                   coalesce(e.key::integer, tsm.bin_key(u.value, $7, $8, $9)), coalesce(e.value::bigint, 1)
            FROM tsm.unflushed_points($1, $2, $6, $3, $4) u LEFT JOIN LATERAL jsonb_each_text(u.bins) e ON true WHERE u.category IS NULL
        ) x
        GROUP BY variant, b, key
        """;

    // The statistics of a union of buckets: Chan's merge, as tsm.summary_agg (db/009) has it.
    private const string SelectTotals = """
        SELECT variant, (t).count, (t).sum, (t).m2, (t).min, (t).max, c
        FROM (SELECT variant, tsm.summary_agg(count, sum, m2, min, max) AS t, tsm.counts_agg(categories) AS c
              FROM ({0}) r(variant, count, sum, m2, min, max, categories) GROUP BY variant) s
        """;

    private const string SelectTotalBins = "SELECT variant, key, sum(n)::bigint FROM ({0}) r(variant, key, n) GROUP BY variant, key";

    private const string SelectRunPart = "SELECT variant, count, sum, m2, min, max, categories FROM {0} WHERE test = $1 AND metric = $2 AND bucket >= ${1} AND bucket < ${2}";

    private const string SelectTailPart = """
        SELECT variant, CASE WHEN category IS NULL THEN coalesce(count, 1) ELSE 0 END, CASE WHEN category IS NULL THEN value ELSE 0 END, coalesce(m2, 0),
               CASE WHEN category IS NULL THEN coalesce(min, value) END, CASE WHEN category IS NULL THEN coalesce(max, value) END,
               CASE WHEN category IS NOT NULL THEN jsonb_build_object(category, 1) END
        FROM tsm.unflushed_points($1, $2, NULL, ${0}, ${1})
        """;

    private const string SelectRunBins = """
        SELECT variant, e.key::integer, e.value::bigint FROM {0} r CROSS JOIN LATERAL jsonb_each_text(r.bins) e
        WHERE test = $1 AND metric = $2 AND bucket >= ${1} AND bucket < ${2} AND r.bins IS NOT NULL
        """;

    private const string SelectTailBins = """
        SELECT u.variant, coalesce(e.key::integer, tsm.bin_key(u.value, $3, $4, $5)), coalesce(e.value::bigint, 1)
        FROM tsm.unflushed_points($1, $2, NULL, ${0}, ${1}) u LEFT JOIN LATERAL jsonb_each_text(u.bins) e ON true WHERE u.category IS NULL
        """;

    /// <summary>
    /// Per-variant totals (count, sum, M2, categories, and quantile bins when <paramref name="withBins"/>) over the
    /// union of <paramref name="runs"/>: each run reads the rollup table of its width, and the unflushed journal
    /// rows of every run are added once.
    /// </summary>
    public async Task<Dictionary<string, StoredTotals>> ReadTotalsAsync(
        SeriesKey key, IReadOnlyList<(string Table, long FromMicros, long ToMicros)> runs, bool withBins, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, StoredTotals>(StringComparer.Ordinal);
        if (runs.Count == 0) return result;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(TotalsCommand(key, runs, SelectRunPart, SelectTailPart, SelectTotals, withBinParameters: false));
        if (withBins) batch.BatchCommands.Add(TotalsCommand(key, runs, SelectRunBins, SelectTailBins, SelectTotalBins, withBinParameters: true));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var totals = new StoredTotals
            {
                Stats = new SummaryStats(reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), OrZero(reader, 4), OrZero(reader, 5)),
            };
            if (!reader.IsDBNull(6)) totals.AddCategories(reader.GetString(6));
            result[reader.GetString(0)] = totals;
        }

        if (!withBins) return result;
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var variant = reader.GetString(0);
            if (!result.TryGetValue(variant, out var totals)) result[variant] = totals = new StoredTotals();
            (totals.Bins ??= new KeyedCounts()).Add(reader.GetInt32(1), reader.GetInt64(2));
        }

        return result;
    }

    /// <summary>
    /// Buckets of <paramref name="granularityMicros"/> over [from, to), both aligned to it, with their categories,
    /// and the quantiles at <paramref name="quantiles"/> when given (for a series that keeps percentiles).
    /// </summary>
    public async Task<Dictionary<string, List<BucketAggregate>>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, double[]? quantiles, CancellationToken cancellationToken)
    {
        var table = RollupTiers.TableDividing(granularityMicros);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BucketsCommand(string.Format(SelectBuckets, table), key, fromMicros, toMicros, granularityMicros, variant));
        if (quantiles is not null)
        {
            var bins = BucketsCommand(string.Format(SelectBucketBins, table), key, fromMicros, toMicros, granularityMicros, variant);
            AddBinParameters(bins.Parameters);
            batch.BatchCommands.Add(bins);
        }

        var result = new Dictionary<string, List<BucketAggregate>>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (!result.TryGetValue(name, out var buckets)) result[name] = buckets = [];
            var categories = reader.IsDBNull(6) ? null : StoredTotals.CategoryCounts(reader.GetString(6));
            buckets.Add(new BucketAggregate(
                UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)), reader.GetInt64(2), reader.GetDouble(3), OrZero(reader, 4), OrZero(reader, 5))
            { Categories = categories });
        }

        if (quantiles is null) return result;
        await reader.NextResultAsync(cancellationToken);
        var bucketBins = new Dictionary<(string, long), KeyedCounts>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = (reader.GetString(0), UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)));
            if (!bucketBins.TryGetValue(at, out var counts)) bucketBins[at] = counts = new KeyedCounts();
            counts.Add(reader.GetInt32(2), reader.GetInt64(3));
        }

        foreach (var (name, buckets) in result)
        {
            for (var i = 0; i < buckets.Count; i++)
            {
                var bucket = buckets[i];
                if (bucketBins.TryGetValue((name, bucket.StartMicros), out var counts))
                    buckets[i] = bucket with { Quantiles = QuantileBins.Quantiles(counts, bucket.Min, bucket.Max, quantiles) };
            }
        }

        return result;
    }

    private static NpgsqlBatchCommand BucketsCommand(string sql, SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter<string> { TypedValue = key.Test },
            new NpgsqlParameter<string> { TypedValue = key.Metric },
            new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) },
            new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) },
            new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromTicks(granularityMicros * 10) },
            new NpgsqlParameter { Value = (object?)variant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        },
    };

    // One statement over every run: $1, $2 the series, then (with bins) $3..$5 the mapping, then each run's bounds.
    private static NpgsqlBatchCommand TotalsCommand(
        SeriesKey key, IReadOnlyList<(string Table, long FromMicros, long ToMicros)> runs, string runPart, string tailPart, string outer, bool withBinParameters)
    {
        var command = new NpgsqlBatchCommand();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        if (withBinParameters) AddBinParameters(command.Parameters);
        var parts = new StringBuilder();
        foreach (var (table, from, to) in runs)
        {
            if (parts.Length > 0) parts.Append(" UNION ALL ");
            var first = command.Parameters.Count + 1;
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(from) });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(to) });
            parts.Append(string.Format(runPart, table, first, first + 1));
            parts.Append(" UNION ALL ").Append(string.Format(tailPart, first, first + 1));
        }

        command.CommandText = string.Format(outer, parts);
        return command;
    }

    private static void AddBinParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<double> { TypedValue = QuantileBins.LogMultiplier });
        parameters.Add(new NpgsqlParameter<double> { TypedValue = QuantileBins.MinIndexableValue });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = QuantileBins.KeyOffset });
    }

    // Buckets of string values only have no extremes.
    private static double OrZero(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetDouble(ordinal);
}
