using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class QueryLimitTests(ClusterFixture fixture)
{
    private static readonly string[] Rollups = ["tsm.rollup_1s", "tsm.rollup_1m", "tsm.rollup_1h", "tsm.rollup_1d"];

    // Thirty days back is older than any grain window, so the query must read the (locked) rollups.
    private static string HistoryQuery(string test) =>
        $"/v1/series?test={test}&metric=latency&from={ApiJson.Iso(DateTime.UtcNow.AddDays(-30))}&to={ApiJson.Iso(DateTime.UtcNow.AddDays(-29))}&granularity=1h";

    [Fact]
    public async Task AQueryLongerThanTheTimeOutIsCancelledAndAnswered503()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string> { ["TSMetrics:Query:Timeout"] = "00:00:00.500" });
        using var http = gateway.CreateClient();

        HttpResponseMessage response;
        await using (await TableLock.AcquireAsync(fixture.Database, Rollups))
        {
            response = await http.GetAsync(HistoryQuery(Names.Unique("slow")));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("longer than the limit of 00:00:00.5", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueriesBeyondTheConcurrencyCapGet503AndTheRunningOneCompletes()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string>
        {
            ["TSMetrics:Query:MaxConcurrentQueries"] = "1",
            ["TSMetrics:Query:ConcurrencyWait"] = "00:00:00",
        });
        using var http = gateway.CreateClient();
        var admission = gateway.Services.GetRequiredService<QueryAdmission>();

        Task<HttpResponseMessage> running;
        HttpResponseMessage refused;
        await using (await TableLock.AcquireAsync(fixture.Database, Rollups))
        {
            running = http.GetAsync(HistoryQuery(Names.Unique("first")));
            await Eventually.MatchesAsync(() => Task.FromResult(admission.Running), running => running == 1, "the first query running");
            refused = await http.GetAsync("/v1/tests");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("1 queries are running", (await refused.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/tests")).StatusCode);
    }
}
