using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The rollup columns of a bucket's parts (db/013): a jsonb object of counts by key, bins by their key
/// number and categories by their name, read back into <see cref="KeyedCounts"/> on activation and by history.
/// </summary>
public static class BucketPartsJson
{
    /// <summary>The bins column of a bucket, or null when it has none.</summary>
    public static string? Bins(KeyedCounts? bins)
    {
        if (bins is null || bins.IsEmpty) return null;
        return Write(bins, key => key.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The categories column of a bucket (ids named by <paramref name="names"/>), or null when it has none.</summary>
    public static string? Categories(KeyedCounts? categories, string[] names)
    {
        if (categories is null || categories.IsEmpty) return null;
        return Write(categories, key => names[key]);
    }

    /// <summary>Bins stored as <see cref="Bins"/> wrote them, added to <paramref name="into"/>.</summary>
    public static void ReadBins(string json, KeyedCounts into)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
            into.Add(int.Parse(property.Name, CultureInfo.InvariantCulture), property.Value.GetInt64());
    }

    /// <summary>Categories stored as <see cref="Categories"/> wrote them, by name.</summary>
    public static IEnumerable<(string Name, long Count)> ReadCategories(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new List<(string, long)>();
        foreach (var property in document.RootElement.EnumerateObject()) result.Add((property.Name, property.Value.GetInt64()));
        return result;
    }

    private static string Write(KeyedCounts counts, Func<int, string> name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < counts.Length; i++) writer.WriteNumber(name(counts.KeyAt(i)), counts.CountAt(i));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
