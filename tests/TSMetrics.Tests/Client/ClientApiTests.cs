using Microsoft.Extensions.Logging;
using TSMetrics.Client;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Client;

/// <summary>TSMetrics.Client against the real gateway and test cluster: what it sends is stored exactly once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientApiTests(ClusterFixture fixture)
{
    private static readonly Uri Gateway = new("http://localhost/");

    [Fact]
    public async Task EveryTrackedPointIsStoredExactlyOnce()
    {
        var test = Names.Unique("client");
        var metric = Names.Unique("cpu");
        await using var harness = new ClientHarness(Gateway, o => o.BatchSize = 100, () => fixture.Gateway.Server.CreateHandler());
        var client = harness.Client;

        // Interleaved series, some points with user ids (sent as objects), a plain metric: 1,000 + 230 points.
        for (var i = 0; i < 1000; i++)
            Assert.True(client.Track(new ExperimentPoint(test, i % 2 == 0 ? "A" : "B", "latency", i, i % 3 == 0 ? $"u-{i}" : null)));
        for (var i = 0; i < 200; i++) Assert.True(client.Track(new ExperimentPoint(test, "C", "converted", i, $"u-{i}", DateTimeOffset.UtcNow.AddMinutes(-5))));
        for (var i = 0; i < 30; i++) Assert.True(client.Track(new MetricPoint(metric, i)));
        await client.FlushAsync();

        Assert.Equal(1230, client.Counters.Acknowledged);
        Assert.Equal(0, client.Counters.Dropped + client.Counters.Rejected + client.Counters.Failed);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => 2.0 * i), (await ClientHarness.StoredValuesAsync(fixture.Http, test, "latency", "A")).Order());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => 2.0 * i + 1), (await ClientHarness.StoredValuesAsync(fixture.Http, test, "latency", "B")).Order());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), (await ClientHarness.StoredValuesAsync(fixture.Http, test, "converted", "C")).Order());
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (double)i), (await ClientHarness.StoredValuesAsync(fixture.Http, "", metric, null)).Order());
        Assert.Equal(1200, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task PointsFewerThanABatchAreSentWithinTheFlushInterval()
    {
        var test = Names.Unique("client");
        await using var harness = new ClientHarness(Gateway, o => o.FlushInterval = TimeSpan.FromMilliseconds(200), () => fixture.Gateway.Server.CreateHandler());

        for (var i = 0; i < 5; i++) harness.Client.Track(new ExperimentPoint(test, "A", "m", i));

        await Eventually.MatchesAsync(() => fixture.Database.StoredPointsAsync(test), n => n == 5, "5 points sent by the flush interval alone");
    }

    [Fact]
    public async Task DisposingTheClientSendsWhatIsBuffered()
    {
        var test = Names.Unique("client");
        var harness = new ClientHarness(Gateway, o => o.FlushInterval = TimeSpan.FromHours(1), () => fixture.Gateway.Server.CreateHandler());
        for (var i = 0; i < 42; i++) harness.Client.Track(new ExperimentPoint(test, "A", "m", i));

        await harness.DisposeAsync();

        Assert.True(42 == harness.Client.Counters.Acknowledged, string.Join("\n", harness.Logs.Entries));
        Assert.Equal(42, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task AFullBufferDropsPointsCountsAndLogsThem()
    {
        var test = Names.Unique("client");
        await using var harness = new ClientHarness(Gateway, o =>
        {
            o.BufferCapacity = 10;
            o.FlushInterval = TimeSpan.FromHours(1);
        }, () => fixture.Gateway.Server.CreateHandler());
        var client = harness.Client;

        var accepted = Enumerable.Range(0, 25).Count(i => client.Track(new ExperimentPoint(test, "A", "m", i)));
        await client.FlushAsync();

        Assert.Equal(10, accepted);
        Assert.Equal(15, client.Counters.Dropped);
        Assert.Equal(10, client.Counters.Acknowledged);
        Assert.Equal(10, await fixture.Database.StoredPointsAsync(test));
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Dropped 15 points", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARetryAfterALostAnswerIsStoredOnce()
    {
        var test = Names.Unique("client");
        await using var harness = new ClientHarness(Gateway, o => o.BatchSize = 50, () => fixture.Gateway.Server.CreateHandler(),
            () => new LostAnswerHandler(2));
        for (var i = 0; i < 150; i++) harness.Client.Track(new ExperimentPoint(test, "A", "m", i));

        await harness.Client.FlushAsync();

        Assert.Equal(150, harness.Client.Counters.Acknowledged);
        Assert.True(harness.Client.Counters.Retries >= 2, $"{harness.Client.Counters.Retries} retries");
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (double)i), (await ClientHarness.StoredValuesAsync(fixture.Http, test, "m", "A")).Order());
        Assert.Equal(150, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task ARateLimitedBatchWaitsForRetryAfterAndIsStoredOnce()
    {
        var test = Names.Unique("client");
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string>
        {
            ["TSMetrics:RateLimits:IngestPointsPerSecond"] = "100",
            ["TSMetrics:RateLimits:IngestBurstPoints"] = "100",
        });
        var recorder = new RecordingHandler();
        await using var harness = new ClientHarness(Gateway, o => o.BatchSize = 100, () => gateway.Server.CreateHandler(), () => recorder);
        for (var i = 0; i < 300; i++) harness.Client.Track(new ExperimentPoint(test, "A", "m", i));

        await harness.Client.FlushAsync();

        var exchanges = recorder.Exchanges.ToList();
        var limited = exchanges.Where(e => e.Status == 429).ToList();
        Assert.NotEmpty(limited);
        foreach (var refusal in limited)
        {
            Assert.NotNull(refusal.RetryAfter);
            var retry = exchanges.First(e => e.Key == refusal.Key && e.SentAt > refusal.AnsweredAt);
            Assert.True(retry.SentAt - refusal.AnsweredAt >= refusal.RetryAfter!.Value - TimeSpan.FromMilliseconds(20),
                $"retried {(retry.SentAt - refusal.AnsweredAt).TotalMilliseconds} ms after a Retry-After of {refusal.RetryAfter}");
        }

        Assert.Equal(300, harness.Client.Counters.Acknowledged);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (double)i), (await ClientHarness.StoredValuesAsync(fixture.Http, test, "m", "A")).Order());
    }

    [Fact]
    public async Task ARefusedBatchIsCountedAndLoggedAndNotRetried()
    {
        await using var harness = new ClientHarness(Gateway, configure: null, () => fixture.Gateway.Server.CreateHandler());

        for (var i = 0; i < 7; i++) harness.Client.Track(new ExperimentPoint("has space", "A", "m", i));
        await harness.Client.FlushAsync();

        Assert.Equal(7, harness.Client.Counters.Rejected);
        Assert.Equal(0, harness.Client.Counters.Retries);
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("400", StringComparison.Ordinal) && e.Message.Contains("test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANonFiniteValueIsRefusedWhereItIsTracked()
    {
        await using var harness = new ClientHarness(Gateway);

        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Client.Track(new MetricPoint("m", double.NaN)));
        Assert.Throws<ArgumentException>(() => harness.Client.Track(new ExperimentPoint("t", "", "m", 1)));
    }
}
