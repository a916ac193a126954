using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Alerts;

/// <summary>The shared cluster runs with the default settings, where no webhook host is allowed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookAllowListDefaultTests(ClusterFixture fixture)
{
    [Fact]
    public async Task WithTheDefaultEmptyAllowListNoHookCanBeCreated()
    {
        var response = await fixture.Http.PostJsonAsync($"/v1/tests/{Names.Unique("nohooks")}/hooks", ApiJson.ToJson(new { url = "http://127.0.0.1:8080/hook" }));
        await response.AssertRejectedNamingAsync("url");
        Assert.Contains("no webhook hosts are allowed yet", await response.Content.ReadAsStringAsync());
    }
}
