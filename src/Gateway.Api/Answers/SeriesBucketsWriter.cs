using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>
/// Writes a variant's buckets in the default shape of GET /v1/series, byte for byte what the serializer writes
/// for <see cref="Contracts.BucketDto"/> (camelCase, nulls left out), without an object per bucket; stretches
/// that are cached blocks' buckets are copied from the bytes the block keeps (<see cref="CachedBlock.Objects"/>).
/// </summary>
public static class SeriesBucketsWriter
{
    /// <summary>Writes the buckets of the open array from <paramref name="from"/> to <paramref name="to"/>, copying the stretches that are cached blocks'.</summary>
    public static async ValueTask WriteAsync(
        AnswerSpill spill, List<BucketAggregate> buckets, List<CachedRun>? runs, double[]? levels, QuantileNames? names, CancellationToken cancellationToken)
    {
        var next = 0;
        foreach (var run in runs ?? [])
        {
            await WriteFreshAsync(spill, buckets, next, run.Start, levels, names, cancellationToken);
            // A run is one raw value to the writer: it puts the comma before it, and before whatever follows.
            spill.Json.WriteRawValue(run.Block.Objects(run.Index, spill.Json.Options.Encoder), skipInputValidation: true);
            next = run.Start + run.Count;
            await spill.MaybeAsync(cancellationToken);
        }

        await WriteFreshAsync(spill, buckets, next, buckets.Count, levels, names, cancellationToken);
    }

    /// <summary>Cached buckets (never with quantiles) as comma-separated objects, without brackets.</summary>
    public static byte[] Encode(BucketAggregate[] buckets, JavaScriptEncoder? encoder)
    {
        var buffer = new ArrayBufferWriter<byte>(buckets.Length * 100 + 2);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            json.WriteStartArray();
            foreach (var bucket in buckets) Write(json, bucket, null, null);
            json.WriteEndArray();
        }

        return buffer.WrittenSpan[1..^1].ToArray();
    }

    private static async ValueTask WriteFreshAsync(
        AnswerSpill spill, List<BucketAggregate> buckets, int from, int to, double[]? levels, QuantileNames? names, CancellationToken cancellationToken)
    {
        for (var i = from; i < to; i++)
        {
            Write(spill.Json, buckets[i], levels, names);
            if ((i - from) % AnswerSpill.Every == AnswerSpill.Every - 1) await spill.MaybeAsync(cancellationToken);
        }
    }

    /// <summary>Writes one bucket; <paramref name="levels"/> are the quantile levels asked for and <paramref name="names"/> their names.</summary>
    public static void Write(Utf8JsonWriter json, in BucketAggregate bucket, double[]? levels, QuantileNames? names)
    {
        json.WriteStartObject();
        json.WriteNumber(SeriesNames.T, bucket.StartMicros / UnixTime.MicrosPerSecond);
        json.WriteNumber(SeriesNames.Count, bucket.Count);
        if (bucket.Count != 0)
        {
            json.WriteNumber(SeriesNames.Avg, bucket.Average);
            json.WriteNumber(SeriesNames.Min, bucket.Min);
            json.WriteNumber(SeriesNames.Max, bucket.Max);
            json.WriteNumber(SeriesNames.Sum, bucket.Sum);
            if (levels is not null && bucket.Quantiles is { } values) WriteQuantiles(json, levels, names!, values);
        }
        else
        {
            json.WriteNumber(SeriesNames.Sum, 0);
        }

        if (bucket.Categories is { Length: > 0 } categories) WriteCategories(json, categories);
        if (bucket.Users is { } users) json.WriteNumber(SeriesNames.Users, users);
        json.WriteEndObject();
    }

    // As QuantileLevels.Named: the finite values by name (a name asked twice keeps its last value).
    private static void WriteQuantiles(Utf8JsonWriter json, double[] levels, QuantileNames names, double[] values)
    {
        json.WritePropertyName(SeriesNames.Quantiles);
        if (names.HasDuplicates)
        {
            JsonSerializer.Serialize(json, QuantileLevels.Named(levels, values));
            return;
        }

        json.WriteStartObject();
        for (var i = 0; i < levels.Length; i++)
            if (double.IsFinite(values[i])) json.WriteNumber(names[i], values[i]);
        json.WriteEndObject();
    }

    // Count and share (of the bucket's string values) of each value, in name order.
    private static void WriteCategories(Utf8JsonWriter json, CategoryCount[] categories)
    {
        long total = 0;
        foreach (var c in categories) total += c.Count;
        if (!CategoryOrder.IsSorted(categories)) categories = CategoryOrder.Sorted(categories);
        json.WriteStartObject(SeriesNames.Categories);
        foreach (var c in categories)
        {
            json.WriteStartObject(c.Category);
            json.WriteNumber(SeriesNames.Count, c.Count);
            json.WriteNumber(SeriesNames.Share, (double)c.Count / total);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
