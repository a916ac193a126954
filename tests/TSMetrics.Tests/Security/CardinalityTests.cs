using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

/// <summary>A cluster of its own with tiny cardinality limits, so the counts are this class's alone.</summary>
public sealed class CardinalityFixture : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>
    {
        ["TSMetrics:Cardinality:MaxSeriesPerTest"] = "4",
        ["TSMetrics:Cardinality:MaxSeries"] = "12",
        ["TSMetrics:Cardinality:MaxNewSeriesPerHour"] = "10",
    };
}

public sealed class CardinalityTests(CardinalityFixture fixture) : IClassFixture<CardinalityFixture>
{
    // One ordered story: each limit is reached in turn, so the steps share one fact.
    [Fact]
    public async Task EachCardinalityLimitRefusesTheWholeRequestSaysWhichAndCountsThePoints()
    {
        var now = DateTimeOffset.UtcNow;
        var twoHoursAgo = now.AddHours(-2);

        // Per test: 2 metrics x 2 variants fill test "alpha"; a fifth series in the same request refuses all of it.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Points(twoHoursAgo, ("alpha", "m1", "A"), ("alpha", "m1", "B"), ("alpha", "m2", "A"), ("alpha", "m2", "B")))).StatusCode);
        var perTest = await PostAsync(Points(twoHoursAgo, ("alpha", "m1", "A"), ("alpha", "m3", "A")));
        await AssertRefusedAsync(perTest, HttpStatusCode.UnprocessableEntity, "variant", "series 'alpha/m3/A' would exceed the limit of 4 series per test");
        Assert.Equal(4, await fixture.Database.StoredPointsAsync("alpha"));

        // Per hour: 4 + 4 + 2 new series reach 10 within the hour; the eleventh waits (429 + Retry-After).
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Points(twoHoursAgo, ("beta", "m", "A"), ("beta", "m", "B"), ("beta", "n", "A"), ("beta", "n", "B")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Points(twoHoursAgo, ("gamma", "m", "A"), ("gamma", "m", "B")))).StatusCode);
        var perHour = await PostAsync(Points(twoHoursAgo, ("gamma", "m", "C")));
        await AssertRefusedAsync(perHour, HttpStatusCode.TooManyRequests, "variant", "the limit of 10 new series per hour");
        Assert.True(perHour.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(50), $"Retry-After: {perHour.Headers.RetryAfter}");

        // A new activation counts from storage: the series' points are two hours old, so the hour is free
        // again, and the total (10 of 12) is what stops the thirteenth series.
        await Eventually.MatchesAsync(() => fixture.Database.ScalarAsync("SELECT count(DISTINCT (test, metric, variant)) FROM tsm.rollup_1h"),
            count => count == 10, "every series flushed to the hourly rollups");
        await fixture.DeactivateAllGrainsAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Points(now, ("gamma", "m", "C"), ("delta", "m", "A")))).StatusCode);
        var total = await PostAsync(Points(now, ("delta", "m", "B")));
        await AssertRefusedAsync(total, HttpStatusCode.UnprocessableEntity, "variant", "the limit of 12 series in all");

        // Known series go on being accepted, and every refused point was counted.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Points(now, ("alpha", "m1", "A"), ("delta", "m", "A")))).StatusCode);
        var counters = await fixture.Http.GetJsonAsync("/v1/admin/rejections");
        var cardinality = counters.GetProperty("ingest").GetProperty("cardinality");
        Assert.Equal(3, cardinality.GetProperty("requests").GetInt64());
        Assert.Equal(4, cardinality.GetProperty("points").GetInt64());
    }

    private Task<HttpResponseMessage> PostAsync(string json) => fixture.Http.PostJsonAsync("/v1/points", json);

    private static string Points(DateTimeOffset time, params (string Test, string Metric, string Variant)[] series) =>
        JsonSerializer.Serialize(series.Select(s => new { test = s.Test, metric = s.Metric, variant = s.Variant, value = 1.0, timestamp = time }));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string detailPart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(field, document.RootElement.GetProperty("field").GetString());
        Assert.Contains(detailPart, document.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
