using System.Net;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class UnavailableDatabaseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnUnreachableDatabaseAnswers503WithRetryAfterNot500()
    {
        var nothingListens = ServiceProcess.FreePort();
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string>
        {
            ["ConnectionStrings:TimescaleDb"] = $"Host=127.0.0.1;Port={nothingListens};Database=x;Username=x;Password=x;Timeout=2",
        });
        using var http = gateway.CreateClient();

        var response = await http.GetAsync("/v1/tests");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
