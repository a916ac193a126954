using Microsoft.Extensions.DependencyInjection;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The gateway's cache of closed history must never hide an acknowledged point.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HistoryCacheApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ALatePointLandingInACachedBlockIsInTheNextAnswer()
    {
        var test = Names.Unique("t");
        var cache = fixture.Gateway.Services.GetRequiredService<HistoryCache>();
        // Three hours ago: older than the grain's late horizon (1 h) and its 1-second ring, so answered from storage and cacheable.
        var at = DateTime.UtcNow.AddHours(-3);
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMinute));
        await Post(test, at, 1);
        var url = $"/v1/series?test={test}&metric=m&granularity=1s&from={ApiJson.Iso(at.AddMinutes(-10))}&to={ApiJson.Iso(at.AddMinutes(10))}";

        Assert.Equal([(1L, 1.0)], await BucketsAsync(url));
        var hits = cache.Hits;
        Assert.Equal([(1L, 1.0)], await BucketsAsync(url));
        Assert.True(cache.Hits > hits, "the second answer came from the cache");

        // Late, into a block the cache holds: acknowledged, so it must be in the very next answer.
        await Post(test, at.AddSeconds(1), 5);
        Assert.Equal([(1L, 1.0), (1L, 5.0)], await BucketsAsync(url));

        // And again once the grain has flushed it, from the rollups instead of the journal.
        await fixture.Grains.GetGrain<TSMetrics.Grains.Interfaces.ISeriesGrain>($"{test}/m").CatchUpAsync();
        Assert.Equal([(1L, 1.0), (1L, 5.0)], await BucketsAsync(url));
    }

    [Fact]
    public async Task ALatePointStoredThroughAnotherGatewayIsInThisGatewaysNextAnswer()
    {
        var test = Names.Unique("t");
        var at = DateTime.UtcNow.AddHours(-3);
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMinute));
        await Post(test, at, 1);
        var url = $"/v1/series?test={test}&metric=m&granularity=1s&from={ApiJson.Iso(at.AddMinutes(-10))}&to={ApiJson.Iso(at.AddMinutes(10))}";
        Assert.Equal([(1L, 1.0)], await BucketsAsync(url));
        Assert.Equal([(1L, 1.0)], await BucketsAsync(url));

        // The other gateway's cache knows nothing of this one's: the grain's version is what both check.
        await using var other = fixture.CreateGateway(new Dictionary<string, string>());
        var response = await other.CreateClient().PostJsonAsync("/v1/points",
            $$"""{"test": "{{test}}", "variant": "A", "metric": "m", "value": 7, "timestamp": "{{ApiJson.Iso(at.AddSeconds(2))}}"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        Assert.Equal([(1L, 1.0), (1L, 7.0)], await BucketsAsync(url));
    }

    [Fact]
    public async Task AQueryForOneVariantIsCachedApartFromAllVariants()
    {
        var test = Names.Unique("t");
        var at = DateTime.UtcNow.AddHours(-3);
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMinute));
        await Post(test, at, 1, "A");
        await Post(test, at, 3, "B");
        var range = $"&metric=m&granularity=1s&from={ApiJson.Iso(at.AddMinutes(-10))}&to={ApiJson.Iso(at.AddMinutes(10))}";

        for (var i = 0; i < 2; i++)
        {
            var all = await fixture.Http.GetJsonAsync($"/v1/series?test={test}{range}");
            var onlyB = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&variant=B{range}");
            Assert.Equal(2, all.GetProperty("variants").GetArrayLength());
            Assert.Equal("B", Assert.Single(onlyB.GetProperty("variants").EnumerateArray()).GetProperty("variant").GetString());
        }
    }

    [Fact]
    public async Task TheBlocksAtTheEdgesAreReadWholeAndCachedButCountOnlyTheRangesPart()
    {
        var test = Names.Unique("t");
        // Every 10 minutes from 25 to 23 hours ago, across the start of the grain's 1-minute memory (24 hours):
        // the block holding that seam is read whole from storage, and memory answers the rest of it.
        var now = DateTime.UtcNow;
        var times = Enumerable.Range(0, 13).Select(i => now.AddHours(-25).AddMinutes(10 * i)).ToList();
        foreach (var at in times) await Post(test, at, 2);
        // From the middle of a block: the first one is read whole too, and only its part from `from` on counts.
        var from = times[0].AddMinutes(-1);
        var url = $"/v1/series?test={test}&metric=m&granularity=1m&from={ApiJson.Iso(from)}&to={ApiJson.Iso(now.AddMinutes(1))}";

        var cache = fixture.Gateway.Services.GetRequiredService<HistoryCache>();
        for (var pass = 0; pass < 2; pass++)
        {
            var hits = cache.Hits;
            Assert.Equal(times.Select(_ => (1L, 2.0)), await BucketsAsync(url));
            if (pass == 1) Assert.True(cache.Hits > hits, "the second answer came from the cache");
        }

        // Before `from`, still in the first block: not in the answer, though the block holds it from now on.
        await Post(test, from.AddMinutes(-2), 9);
        Assert.Equal(times.Select(_ => (1L, 2.0)), await BucketsAsync(url));
    }

    private async Task<List<(long Count, double Avg)>> BucketsAsync(string url)
    {
        var series = await fixture.Http.GetJsonAsync(url);
        var variant = Assert.Single(series.GetProperty("variants").EnumerateArray());
        return [.. variant.GetProperty("buckets").EnumerateArray().Select(b => (b.GetProperty("count").GetInt64(), b.GetProperty("avg").GetDouble()))];
    }

    private async Task Post(string test, DateTime at, double value, string variant = "A")
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points",
            $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "m", "value": {{value}}, "timestamp": "{{ApiJson.Iso(at)}}"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
