using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The Go metrics server's README (shared/predecessors/metrics-server-go.md): POST /v1/metrics with
/// {timestamp, name, value}, and averages per minute, hour and day on its timeline (here /v1/series).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GoMetricsServerPredecessorTests(ClusterFixture fixture)
{
    private const string ReadmeBody = """{"timestamp":"2024-02-02T11:43:02.099Z", "name":"temperature","value":30}""";

    [Fact]
    public async Task TheReadmePostAsWrittenIsStoredAndAveragedPerMinuteHourAndDay()
    {
        var response = await fixture.Http.PostJsonAsync("/v1/metrics", ReadmeBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var (granularity, bucket) in new[] { ("1m", "2024-02-02T11:43:00Z"), ("1h", "2024-02-02T11:00:00Z"), ("1d", "2024-02-02T00:00:00Z") })
        {
            var series = await fixture.Http.GetJsonAsync($"/v1/series?metric=temperature&granularity={granularity}&from=2024-02-02T00:00:00Z&to=2024-02-03T00:00:00Z");
            var found = series.GetProperty("variants")[0].GetProperty("buckets")[0];
            Assert.Equal(DateTimeOffset.Parse(bucket).ToUnixTimeSeconds(), found.GetProperty("t").GetInt64());
            Assert.Equal(30, found.GetProperty("avg").GetDouble());
        }
    }

    [Fact]
    public async Task TheReadmePostWithARecentTimestampIsStoredAndAveragedPerMinuteHourAndDay()
    {
        var metric = Names.Unique("temperature");
        var now = DateTime.UtcNow;
        var posted = new[] { (now.AddSeconds(-3), 30.0), (now.AddMinutes(-2), 20.0), (now.AddMinutes(-70), 10.0), (now.AddHours(-30), 4.0) };
        foreach (var (at, value) in posted)
        {
            var response = await fixture.Http.PostJsonAsync("/v1/metrics", ReadmeBody
                .Replace("2024-02-02T11:43:02.099Z", at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), StringComparison.Ordinal)
                .Replace("temperature", metric, StringComparison.Ordinal)
                .Replace(":30}", $":{value}}}", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var from = now.AddDays(-3);
        foreach (var (granularity, width) in new[] { ("1m", TimeSpan.FromMinutes(1)), ("1h", TimeSpan.FromHours(1)), ("1d", TimeSpan.FromDays(1)) })
        {
            // What the timeline must show: the average of the points in each bucket, buckets aligned to the epoch.
            var expected = posted
                .GroupBy(p => new DateTimeOffset(p.Item1).ToUnixTimeSeconds() / (long)width.TotalSeconds * (long)width.TotalSeconds)
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Average(p => p.Item2)))
                .ToArray();
            var series = await Eventually.MatchesAsync(
                () => fixture.Http.GetJsonAsync($"/v1/series?metric={metric}&granularity={granularity}&from={ApiJson.Iso(from)}&to={ApiJson.Iso(now.AddMinutes(1))}"),
                s => s.GetProperty("variants").GetArrayLength() == 1 && s.GetProperty("variants")[0].GetProperty("buckets").GetArrayLength() == expected.Length,
                $"{expected.Length} buckets at {granularity}");
            var buckets = series.GetProperty("variants")[0].GetProperty("buckets").EnumerateArray()
                .Select(b => (b.GetProperty("t").GetInt64(), b.GetProperty("avg").GetDouble())).ToArray();
            Assert.Equal(expected, buckets);
        }
    }

    [Fact]
    public async Task AGoClientsBadValueIsA400NamingValue()
    {
        var response = await fixture.Http.PostJsonAsync("/v1/metrics", """{"timestamp":"2024-02-02T11:43:02.099Z", "name":"temperature","value":true}""");

        await response.AssertRejectedNamingAsync("value");
    }
}
