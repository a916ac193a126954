using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TSMetrics.Gateway.Api.Answers;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>
/// The series answer written straight from buckets is byte for byte what the serializer wrote for the
/// documented contract (<see cref="SeriesResponse"/>), also where stretches come from cached blocks' bytes;
/// the columnar shape carries the same numbers.
/// </summary>
public sealed class SeriesAnswerTests
{
    private const long Minute = 60_000_000;

    // As the gateway configures its JSON (GatewayHostingExtensions).
    private static readonly JsonSerializerOptions Serializer = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly BucketAggregate[] A =
    [
        new(0, 0, 0, 0, 0) { Categories = [new("b<ar", 2), new("é\"x", 1)], Users = 5 },
        new(Minute, 3, 6.5, 1, 3.25) { Quantiles = [], Users = 2 },
        new(2 * Minute, 1, 1e-7, 1e-7, 1e-7) { Categories = [new("z", 1), new("a", 3)] },
        new(3 * Minute, 2, 0.30000000000000004, 0.1, 0.2),
        new(5 * Minute, 4, -8, -3, 1.0 / 3) { Quantiles = [] },
    ];

    private static readonly BucketAggregate[] B = [new(Minute, 1, 42, 42, 42) { Users = 1 }, new(4 * Minute, 2, 5, 2, 3)];

    [Theory]
    [InlineData(null)]
    [InlineData("0.5,0.95")]
    [InlineData("0.5,0.50,0.9")]
    public async Task TheDefaultShapeIsWhatTheSerializerWroteForTheContract(string? q)
    {
        var levels = q?.Split(',').Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (request, result) = Answer(levels, cached: false, "ms");

        Assert.Equal(Reference(request, result), await WriteAsync(request, result, SeriesShape.Buckets));
        Assert.Equal(Reference(request, result with { Unit = null }), await WriteAsync(request, result with { Unit = null }, SeriesShape.Buckets));
    }

    [Fact]
    public async Task StretchesFromCachedBlocksAreCopiedExactlyInBothShapes()
    {
        var (request, fresh) = Answer(null, cached: false, "ms");
        var (_, cached) = Answer(null, cached: true, "ms");

        // Twice: the first write encodes the blocks, the second copies what they kept.
        for (var pass = 0; pass < 2; pass++)
        {
            Assert.Equal(Reference(request, fresh), await WriteAsync(request, cached, SeriesShape.Buckets));
            var columns = new SeriesShape(true, SeriesFields.All);
            Assert.Equal(await WriteAsync(request, fresh, columns), await WriteAsync(request, cached, columns));
        }
    }

    [Fact]
    public async Task ColumnsCarryTheNumbersOfTheDefaultShape()
    {
        var (request, result) = Answer([0.5, 0.95], cached: false, null);
        using var buckets = JsonDocument.Parse(await WriteAsync(request, result, SeriesShape.Buckets));
        using var columns = JsonDocument.Parse(await WriteAsync(request, result, new SeriesShape(true, SeriesFields.All)));

        var a = columns.RootElement.GetProperty("variants")[0];
        var expected = buckets.RootElement.GetProperty("variants")[0].GetProperty("buckets");
        Assert.Equal(expected.GetArrayLength(), a.GetProperty("t").GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var bucket = expected[i];
            foreach (var name in new[] { "t", "count", "avg", "min", "max", "sum", "users" })
                Assert.Equal(bucket.TryGetProperty(name, out var value) ? value.GetRawText() : "null", a.GetProperty(name)[i].GetRawText());
            foreach (var level in new[] { "p50", "p95" })
                Assert.Equal(bucket.TryGetProperty("quantiles", out var qs) && qs.TryGetProperty(level, out var v) ? v.GetRawText() : "null",
                    a.GetProperty("quantiles").GetProperty(level)[i].GetRawText());
            foreach (var category in a.GetProperty("categories").EnumerateObject())
            {
                var has = bucket.TryGetProperty("categories", out var cs) && cs.TryGetProperty(category.Name, out _);
                Assert.Equal(has ? cs.GetProperty(category.Name).GetProperty("count").GetInt64() : 0, category.Value.GetProperty("count")[i].GetInt64());
                Assert.Equal(has ? cs.GetProperty(category.Name).GetProperty("share").GetDouble() : 0, category.Value.GetProperty("share")[i].GetDouble());
            }
        }
    }

    [Fact]
    public async Task FieldsLeaveOutTheColumnsNotAsked()
    {
        var (request, result) = Answer(null, cached: true, null);
        using var columns = JsonDocument.Parse(await WriteAsync(request, result, new SeriesShape(true, SeriesFields.Min | SeriesFields.Users)));

        Assert.Equal(["variant", "t", "min", "users"], columns.RootElement.GetProperty("variants")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["variant", "t", "min", "users"], columns.RootElement.GetProperty("variants")[1].EnumerateObject().Select(p => p.Name));
    }

    // The first three buckets of A and the first of B as cached blocks (blocks never hold quantiles). Buckets
    // marked with quantiles get one per level asked, the last of the second bucket not finite.
    private static (SeriesRequest, SeriesResult) Answer(double[]? levels, bool cached, string? unit)
    {
        var request = new SeriesRequest(new SeriesKey("t1", "m"), 0, 6 * Minute, Minute, null, levels);
        var a = A.Select(b => b with
        {
            Quantiles = cached || levels is null || b.Quantiles is null ? null
                : levels.Select((level, i) => b.StartMicros == Minute && i == levels.Length - 1 ? double.NaN : b.Sum * level + i).ToArray(),
        }).ToArray();
        var result = new SeriesResult(unit, [("A", [.. a]), ("B", [.. B])]);
        if (!cached) return (request, result);
        var first = new CachedBlock([("A", a[..2]), ("B", B[..1])], DateTimeOffset.UnixEpoch);
        var second = new CachedBlock([("A", a[2..3])], DateTimeOffset.UnixEpoch);
        return (request, result with
        {
            Cached = new Dictionary<string, List<CachedRun>> { ["A"] = [new(0, first, 0), new(2, second, 0)], ["B"] = [new(0, first, 1)] },
        });
    }

    private static async Task<string> WriteAsync(SeriesRequest request, SeriesResult result, SeriesShape shape)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var json = new Utf8JsonWriter(buffer))
            await new SeriesAnswer(request, result, shape).WriteAsync(new AnswerSpill(json, null), CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // What GET /v1/series answered before it wrote its JSON itself: the contract's records, serialized.
    private static string Reference(SeriesRequest request, SeriesResult result)
    {
        var levels = request.Quantiles;
        var variants = result.Variants.Select(v => new VariantBuckets(v.Variant, v.Buckets.ConvertAll(b => b.Count == 0
            ? new BucketDto(b.StartMicros / UnixTime.MicrosPerSecond, 0, null, null, null, 0, Categories: Shares(b.Categories), Users: b.Users)
            : new BucketDto(b.StartMicros / UnixTime.MicrosPerSecond, b.Count, b.Average, b.Min, b.Max, b.Sum,
                QuantileLevels.Named(levels, b.Quantiles), Shares(b.Categories), b.Users)))).ToList();
        return JsonSerializer.Serialize(new SeriesResponse(request.Key.Test, request.Key.Metric, result.Unit, Granularity.Format(request.GranularityMicros),
            UnixTime.FromMicros(request.FromMicros), UnixTime.FromMicros(request.ToMicros), variants), Serializer);
    }

    private static SortedDictionary<string, CategoryShare>? Shares(CategoryCount[]? counts)
    {
        if (counts is null || counts.Length == 0) return null;
        var total = counts.Sum(c => c.Count);
        return new(counts.ToDictionary(c => c.Category, c => new CategoryShare(c.Count, (double)c.Count / total)), StringComparer.Ordinal);
    }
}
