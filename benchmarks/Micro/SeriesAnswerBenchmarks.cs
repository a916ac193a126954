using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using TSMetrics.Gateway.Api.Answers;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>
/// Writing figure 4's answer (30 days at 5 minutes, 2 variants, 17,280 buckets, in blocks of 64): as the
/// endpoint did before (a BucketDto per bucket, serialized), written straight from the buckets, and copied
/// from the cached blocks' encoded JSON, in the default shape and as columns.
/// </summary>
[MemoryDiagnoser]
public class SeriesAnswerBenchmarks
{
    private const long FiveMinutes = 300_000_000;
    private const int Buckets = 8_640;
    private const int Block = 64;

    private static readonly JsonSerializerOptions Serializer = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(4 << 20);
    private SeriesRequest _request = null!;
    private SeriesResult _fresh = null!;
    private SeriesResult _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        List<BucketAggregate> Variant(double scale) => [.. Enumerable.Range(0, Buckets).Select(i =>
        {
            var values = Enumerable.Range(0, 100).Select(_ => Math.Round(Math.Exp(4.6 + 0.5 * random.NextDouble()) * scale, 3)).ToArray();
            return new BucketAggregate(i * FiveMinutes, values.Length, values.Sum(), values.Min(), values.Max());
        })];

        var a = Variant(1);
        var b = Variant(1.05);
        _request = new SeriesRequest(new SeriesKey("history_bench", "latency"), 0, Buckets * FiveMinutes, FiveMinutes, null);
        _fresh = new SeriesResult("ms", [("A", a), ("B", b)]);
        var runs = new Dictionary<string, List<CachedRun>> { ["A"] = [], ["B"] = [] };
        for (var start = 0; start < Buckets; start += Block)
        {
            var block = new CachedBlock([("A", a.GetRange(start, Block).ToArray()), ("B", b.GetRange(start, Block).ToArray())], DateTimeOffset.UnixEpoch);
            runs["A"].Add(new CachedRun(start, block, 0));
            runs["B"].Add(new CachedRun(start, block, 1));
        }

        _cached = _fresh with { Cached = runs };
        Write(_cached, SeriesShape.Buckets);
        Write(_cached, new SeriesShape(true, SeriesFields.All));
    }

    [Benchmark(Baseline = true, Description = "default shape: BucketDto per bucket, JsonSerializer (before)")]
    public int Serialized()
    {
        _buffer.ResetWrittenCount();
        var variants = _fresh.Variants.Select(v => new VariantBuckets(v.Variant, v.Buckets.ConvertAll(b =>
            new BucketDto(b.StartMicros / UnixTime.MicrosPerSecond, b.Count, b.Average, b.Min, b.Max, b.Sum)))).ToList();
        using var json = new Utf8JsonWriter(_buffer);
        JsonSerializer.Serialize(json, new SeriesResponse(_request.Key.Test, _request.Key.Metric, _fresh.Unit, "5m",
            UnixTime.FromMicros(_request.FromMicros), UnixTime.FromMicros(_request.ToMicros), variants), Serializer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "default shape: Utf8JsonWriter from the buckets")]
    public int Buckets_Written() => Write(_fresh, SeriesShape.Buckets);

    [Benchmark(Description = "default shape: cached blocks' bytes copied")]
    public int Buckets_Copied() => Write(_cached, SeriesShape.Buckets);

    [Benchmark(Description = "columns: Utf8JsonWriter from the buckets")]
    public int Columns_Written() => Write(_fresh, new SeriesShape(true, SeriesFields.All));

    [Benchmark(Description = "columns: cached blocks' bytes copied")]
    public int Columns_Copied() => Write(_cached, new SeriesShape(true, SeriesFields.All));

    [Benchmark(Description = "columns count,avg,min,max: cached blocks' bytes copied")]
    public int Columns_Four_Copied() => Write(_cached, new SeriesShape(true, SeriesFields.Count | SeriesFields.Avg | SeriesFields.Min | SeriesFields.Max));

    private int Write(SeriesResult result, SeriesShape shape)
    {
        _buffer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(_buffer);
        new SeriesAnswer(_request, result, shape).WriteAsync(new AnswerSpill(json, null), CancellationToken.None).GetAwaiter().GetResult();
        json.Flush();
        return _buffer.WrittenCount;
    }
}
