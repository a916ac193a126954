using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class BackPressureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task WhenStorageFallsBehindIngestAnswers503AndTheRetryIsStoredOnce()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string> { ["TSMetrics:Ingest:MaxInFlightPoints"] = "1000" });
        using var http = gateway.CreateClient();
        var waiting = Names.Unique("waiting");
        var refusedTest = Names.Unique("refused");

        // Known series (as in steady traffic), so admission needs no database while the journal is locked.
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(waiting, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(refusedTest, 1))).StatusCode);

        Task<HttpResponseMessage> stuck;
        HttpResponseMessage refused;
        await using (await TableLock.AcquireAsync(fixture.Database, "tsm.point_batches"))
        {
            // The journal is locked: this request's 800 points wait for storage, inside the gateway's budget.
            stuck = http.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(waiting, 800));
            var backPressure = gateway.Services.GetService(typeof(Gateway.Api.Limits.IngestBackPressure)) as Gateway.Api.Limits.IngestBackPressure;
            await Eventually.MatchesAsync(() => Task.FromResult(backPressure!.InFlightPoints), points => points == 800, "800 points in flight");
            refused = await http.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(refusedTest, 800));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        var problem = await refused.ReadJsonAsync();
        Assert.Contains("800 points waiting", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await stuck).StatusCode);
        Assert.Equal(1, await fixture.Database.StoredPointsAsync(refusedTest));

        var retried = await http.PostJsonAsync("/v1/points", SecuredGateway.CompactBatch(refusedTest, 800));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(801, await fixture.Database.StoredPointsAsync(refusedTest));
        Assert.Equal(801, await fixture.Database.StoredPointsAsync(waiting));
    }
}
