using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class RateLimitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AKeyOverItsIngestRateGets429WhileAnotherKeyIsUnaffected()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        // 100 points/s: a bucket of 200 points, refilled at 10 points per 100 ms.
        using var greedy = await gateway.ClientWithNewKeyAsync("greedy", ["ingest"], ingestPointsPerSecond: 100);
        using var polite = await gateway.ClientWithNewKeyAsync("polite", ["ingest"], ingestPointsPerSecond: 100);
        var greedyTest = Names.Unique("greedy");
        var politeTest = Names.Unique("polite");

        var first = await greedy.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(greedyTest, 150));
        var second = await greedy.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(greedyTest, 150));
        var politeAnswer = await polite.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(politeTest, 150));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing");
        var problem = await second.ReadJsonAsync();
        Assert.Equal("points", problem.GetProperty("field").GetString());
        Assert.Contains("ingest rate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, politeAnswer.StatusCode);
        Assert.Equal(150, await fixture.Database.StoredPointsAsync(greedyTest));
        Assert.Equal(150, await fixture.Database.StoredPointsAsync(politeTest));
    }

    [Fact]
    public async Task ABatchLargerThanTheKeysBurstCanNeverPassAndSaysSplitIt()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var small = await gateway.ClientWithNewKeyAsync("small", ["ingest"], ingestPointsPerSecond: 50);

        var response = await small.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(Names.Unique("burst"), 101));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("burst of 100", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyOverItsQueryRateGets429WhileAnotherKeyIsUnaffected()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        // 2 queries/s: a bucket of 4, refilled once a second.
        using var greedy = await gateway.ClientWithNewKeyAsync("greedy-reader", ["read"], queriesPerSecond: 2);
        using var polite = await gateway.ClientWithNewKeyAsync("polite-reader", ["read"], queriesPerSecond: 2);

        var greedyAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) greedyAnswers.Add((await greedy.GetAsync("/v1/tests")).StatusCode);
        var refused = await greedy.GetAsync("/v1/metrics");
        var politeAnswer = await polite.GetAsync("/v1/tests");

        Assert.Contains(HttpStatusCode.TooManyRequests, greedyAnswers);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("X-Api-Key", (await refused.ReadJsonAsync()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, politeAnswer.StatusCode);
    }

    [Fact]
    public async Task RefusedPointsAreCountedByReason()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var limited = await gateway.ClientWithNewKeyAsync("counted", ["ingest"], ingestPointsPerSecond: 10);
        var test = Names.Unique("counted");

        await limited.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(test, 20));
        var refused = await limited.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(test, 7));
        await limited.PostJsonAsync("/v1/points", """[{"metric": "m", "value": true}]""");
        var counters = await gateway.Admin.GetJsonAsync("/v1/admin/rejections");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var rateLimited = counters.GetProperty("ingest").GetProperty("rateLimited");
        Assert.Equal(1, rateLimited.GetProperty("requests").GetInt64());
        Assert.Equal(7, rateLimited.GetProperty("points").GetInt64());
        Assert.Equal(1, counters.GetProperty("ingest").GetProperty("invalid").GetProperty("requests").GetInt64());
    }
}
