using System.Runtime.InteropServices;
using System.Text.Json;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>
/// Writes a variant's buckets as columns (<c>format=columns</c>): <c>t</c> and one array per statistic asked,
/// the i-th entries of all arrays being the i-th bucket; null where the default shape leaves a value out (avg,
/// min and max of a bucket of string values only, users of a bucket without user ids, a quantile that is not
/// finite). Users, quantiles and categories come only when some bucket has them; a string value a bucket does
/// not have counts 0 there. Stretches that are cached blocks' buckets are copied from their <see cref="EncodedColumns"/>.
/// </summary>
public static class SeriesColumnsWriter
{
    private static readonly (SeriesFields Field, JsonEncodedText Name, SeriesColumn Column)[] Numbers =
    [
        (SeriesFields.Count, SeriesNames.Count, SeriesColumn.Count), (SeriesFields.Avg, SeriesNames.Avg, SeriesColumn.Avg),
        (SeriesFields.Min, SeriesNames.Min, SeriesColumn.Min), (SeriesFields.Max, SeriesNames.Max, SeriesColumn.Max),
        (SeriesFields.Sum, SeriesNames.Sum, SeriesColumn.Sum), (SeriesFields.Users, SeriesNames.Users, SeriesColumn.Users),
    ];

    public static async ValueTask WriteAsync(
        AnswerSpill spill, List<BucketAggregate> buckets, List<CachedRun>? runs, double[]? levels, QuantileNames? names, SeriesFields fields,
        CancellationToken cancellationToken)
    {
        await WriteColumnAsync(spill, SeriesNames.T, buckets, runs, SeriesColumn.T, cancellationToken);
        foreach (var (field, name, column) in Numbers)
        {
            if ((fields & field) == 0 || (column == SeriesColumn.Users && !buckets.Exists(b => b.Users is not null))) continue;
            await WriteColumnAsync(spill, name, buckets, runs, column, cancellationToken);
        }

        if ((fields & SeriesFields.Quantiles) != 0 && levels is not null && buckets.Exists(b => b.Count != 0 && b.Quantiles is not null))
            await WriteQuantilesAsync(spill, buckets, names!, cancellationToken);
        if ((fields & SeriesFields.Categories) != 0 && buckets.Exists(b => b.Categories is { Length: > 0 }))
            await WriteCategoriesAsync(spill, buckets, cancellationToken);
    }

    private static async ValueTask WriteColumnAsync(
        AnswerSpill spill, JsonEncodedText name, List<BucketAggregate> buckets, List<CachedRun>? runs, SeriesColumn column, CancellationToken cancellationToken)
    {
        spill.Json.WriteStartArray(name);
        var next = 0;
        foreach (var run in runs ?? [])
        {
            await WriteFreshAsync(spill, buckets, next, run.Start, column, cancellationToken);
            WriteEncoded(spill.Json, run.Block.Columns(run.Index, spill.Json.Options.Encoder), column);
            next = run.Start + run.Count;
            await spill.MaybeAsync(cancellationToken);
        }

        await WriteFreshAsync(spill, buckets, next, buckets.Count, column, cancellationToken);
        spill.Json.WriteEndArray();
    }

    // A run of values is one raw value to the writer: it puts the comma before it, and before whatever follows.
    private static void WriteEncoded(Utf8JsonWriter json, EncodedColumns encoded, SeriesColumn column) =>
        json.WriteRawValue(encoded[column], skipInputValidation: true);

    private static async ValueTask WriteFreshAsync(
        AnswerSpill spill, List<BucketAggregate> buckets, int from, int to, SeriesColumn column, CancellationToken cancellationToken)
    {
        for (var start = from; start < to; start += AnswerSpill.Every)
        {
            WriteValues(spill.Json, CollectionsMarshal.AsSpan(buckets)[start..Math.Min(to, start + AnswerSpill.Every)], column);
            await spill.MaybeAsync(cancellationToken);
        }
    }

    /// <summary>Writes the values of <paramref name="column"/> of <paramref name="buckets"/> into the open array.</summary>
    public static void WriteValues(Utf8JsonWriter json, ReadOnlySpan<BucketAggregate> buckets, SeriesColumn column)
    {
        foreach (ref readonly var b in buckets)
        {
            switch (column)
            {
                case SeriesColumn.T: json.WriteNumberValue(b.StartMicros / UnixTime.MicrosPerSecond); break;
                case SeriesColumn.Count: json.WriteNumberValue(b.Count); break;
                case SeriesColumn.Sum: json.WriteNumberValue(b.Count == 0 ? 0 : b.Sum); break;
                case SeriesColumn.Users when b.Users is { } users: json.WriteNumberValue(users); break;
                case SeriesColumn.Users: json.WriteNullValue(); break;
                case not SeriesColumn.Users when b.Count == 0: json.WriteNullValue(); break;
                case SeriesColumn.Avg: json.WriteNumberValue(b.Average); break;
                case SeriesColumn.Min: json.WriteNumberValue(b.Min); break;
                default: json.WriteNumberValue(b.Max); break;
            }
        }
    }

    // One array per level name; a name asked twice (0.5 and 0.50) comes once, with the last level of that name.
    private static async ValueTask WriteQuantilesAsync(AnswerSpill spill, List<BucketAggregate> buckets, QuantileNames names, CancellationToken cancellationToken)
    {
        var json = spill.Json;
        json.WriteStartObject(SeriesNames.Quantiles);
        for (var level = 0; level < names.Length; level++)
        {
            if (names.LastIndexOf(level) != level) continue;
            json.WriteStartArray(names[level]);
            for (var i = 0; i < buckets.Count; i++)
            {
                var b = buckets[i];
                if (b.Count != 0 && b.Quantiles is { } values && double.IsFinite(values[level])) json.WriteNumberValue(values[level]);
                else json.WriteNullValue();
                if (i % AnswerSpill.Every == 0) await spill.MaybeAsync(cancellationToken);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    // Per string value (in name order) its count and share in every bucket, as the default shape's counts and shares.
    private static async ValueTask WriteCategoriesAsync(AnswerSpill spill, List<BucketAggregate> buckets, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        var totals = new long[buckets.Count];
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Categories is not { } categories) continue;
            foreach (var c in categories)
            {
                if (!counts.TryGetValue(c.Category, out var column)) counts[c.Category] = column = new long[buckets.Count];
                column[i] = c.Count;
                totals[i] += c.Count;
            }
        }

        var json = spill.Json;
        json.WriteStartObject(SeriesNames.Categories);
        foreach (var (category, column) in counts)
        {
            json.WriteStartObject(category);
            json.WriteStartArray(SeriesNames.Count);
            foreach (var count in column) json.WriteNumberValue(count);
            json.WriteEndArray();
            json.WriteStartArray(SeriesNames.Share);
            for (var i = 0; i < column.Length; i++) json.WriteNumberValue(totals[i] == 0 ? 0 : (double)column[i] / totals[i]);
            json.WriteEndArray();
            json.WriteEndObject();
            await spill.MaybeAsync(cancellationToken);
        }

        json.WriteEndObject();
    }
}
