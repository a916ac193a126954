using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>
/// The silo's CPU work per grain call of 1,000 points: the batch crossing the wire (Orleans serializer,
/// both ways), splitting it into journal rows, and folding it into the buckets.
/// </summary>
[MemoryDiagnoser]
public class GrainPathBenchmarks
{
    private const long MicrosPerHour = 3_600_000_000L;
    private PointBatch _batch = null!;
    private SeriesWindow _window = null!;
    private Serializer<PointBatch> _serializer = null!;
    private byte[] _serialized = [];

    [GlobalSetup]
    public void Setup()
    {
        _batch = SamplePointBatch.Create(1_000);
        _window = new SeriesWindow(new SeriesWindowOptions());
        _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer<PointBatch>>();
        _serialized = _serializer.SerializeToArray(_batch);
    }

    [Benchmark(Description = "fold 1,000 points into buckets (4 rings x 2 variants)")]
    public void Fold() => _window.Fold(_batch, _batch.Points[^1].UnixMicros);

    [Benchmark(Description = "split 1,000 points into journal rows")]
    public int SplitJournalRows() => JournalRowGroup.Split(_batch, MicrosPerHour).Count;

    [Benchmark(Description = "serialize 1,000-point batch (Orleans)")]
    public int Serialize() => _serializer.SerializeToArray(_batch).Length;

    [Benchmark(Description = "deserialize 1,000-point batch (Orleans)")]
    public int Deserialize() => _serializer.Deserialize(_serialized)!.Points.Length;
}
