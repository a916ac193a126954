using BenchmarkDotNet.Attributes;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>The gateway's CPU work per request before the grain call: parse, validate, group by series.</summary>
[MemoryDiagnoser]
public class IngestParsingBenchmarks
{
    private readonly IngestOptions _options = new();
    private byte[] _objects = [];
    private byte[] _compact = [];

    [Params(1_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _objects = SampleBodies.Objects(Points);
        _compact = SampleBodies.Compact(Points);
    }

    [Benchmark(Description = "parse 1,000 points (objects with user ids)")]
    public int ParseObjects() => Parse(_objects).Points.Count;

    [Benchmark(Description = "parse 1,000 points (compact [t, v] pairs)")]
    public int ParseCompact() => Parse(_compact).Points.Count;

    [Benchmark(Description = "parse + validate + group 1,000 points (objects)")]
    public int ParseValidateGroup()
    {
        var batch = Parse(_objects);
        var errors = new IngestErrors(_options.MaxReportedErrors);
        PointValidator.Validate(batch, UnixTime.ToMicros(DateTimeOffset.UtcNow), _options, errors);
        return SeriesGrouper.Group(batch.Points, "batch-1").Count;
    }

    private ParsedBatch Parse(byte[] body)
    {
        var batch = new ParsedBatch();
        PointBatchParser.Parse(body, _options, batch, new IngestErrors(_options.MaxReportedErrors));
        return batch;
    }
}
