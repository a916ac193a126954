using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// The journal's columns of summary points (db/017), parallel to times and vals (which holds the sum): counts,
/// mins, maxs, m2s and bins (a jsonb object of counts by bin key, as the rollups' bins). A NULL element is a
/// plain point; the columns are NULL for a row without summaries, so numeric series pay nothing. The one
/// place that writes and reads them back, for replay and for the unit-totals rebuild alike.
/// </summary>
public sealed class JournalSummaryColumns(int length)
{
    public long?[] Counts { get; } = new long?[length];

    public double?[] Mins { get; } = new double?[length];

    public double?[] Maxs { get; } = new double?[length];

    public double?[] M2s { get; } = new double?[length];

    public string?[] Bins { get; } = new string?[length];

    public void Set(int at, PointSummary summary)
    {
        Counts[at] = summary.Count;
        Mins[at] = summary.Min;
        Maxs[at] = summary.Max;
        M2s[at] = summary.M2;
        Bins[at] = BinsJson(summary);
    }

    /// <summary>The summaries of a journal row's points (null elements for plain points), or null for a row without any.</summary>
    public static PointSummary?[]? Read(NpgsqlDataReader reader, int countsOrdinal)
    {
        if (reader.IsDBNull(countsOrdinal)) return null;
        var counts = reader.GetFieldValue<long?[]>(countsOrdinal);
        var mins = reader.GetFieldValue<double?[]>(countsOrdinal + 1);
        var maxs = reader.GetFieldValue<double?[]>(countsOrdinal + 2);
        var m2s = reader.GetFieldValue<double?[]>(countsOrdinal + 3);
        var bins = reader.GetFieldValue<string?[]>(countsOrdinal + 4);
        var summaries = new PointSummary?[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] is not { } count) continue;
            var (keys, values) = ReadBins(bins[i]);
            summaries[i] = new PointSummary(count, mins[i]!.Value, maxs[i]!.Value, m2s[i]!.Value, keys, values);
        }

        return summaries;
    }

    private static string? BinsJson(PointSummary summary)
    {
        if (summary.BinKeys.Length == 0) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < summary.BinKeys.Length; i++) writer.WriteNumber(summary.BinKeys[i].ToString(CultureInfo.InvariantCulture), summary.BinCounts[i]);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // jsonb keeps an object's keys in its own order (by length, then bytes), so they are sorted again.
    private static (int[] Keys, long[] Counts) ReadBins(string? json)
    {
        if (json is null) return ([], []);
        var counts = new KeyedCounts();
        BucketPartsJson.ReadBins(json, counts);
        var keys = new int[counts.Length];
        var values = new long[counts.Length];
        for (var i = 0; i < keys.Length; i++) (keys[i], values[i]) = (counts.KeyAt(i), counts.CountAt(i));
        return (keys, values);
    }
}
