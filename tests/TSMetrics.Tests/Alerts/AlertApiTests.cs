using System.Net;
using System.Net.Http.Json;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using TSMetrics.Tests.Security;

namespace TSMetrics.Tests.Alerts;

/// <summary>Managing rules and hooks: defaults, validation naming the field, the allow-list, admin-only changes, secrets shown once.</summary>
[Collection(AlertsCollection.Name)]
public sealed class AlertApiTests(AlertsClusterFixture fixture)
{
    [Fact]
    public async Task EveryTestHasTheDefaultRulesAndARuleCanBeChangedAndReset()
    {
        var test = Names.Unique("rules");
        var defaults = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts");
        Assert.Equal(["sample-ratio", "guardrail", "verdict", "no-points", "crossed-users"], defaults.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.All(defaults.GetProperty("rules").EnumerateArray(), r => Assert.True(r.GetProperty("isDefault").GetBoolean()));

        var put = await fixture.Http.PutJsonAsync($"/v1/tests/{test}/alerts/guardrail", new { type = "guardrailWorse", metric = "latency", threshold = 0.01 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var custom = await fixture.Http.PutJsonAsync($"/v1/tests/{test}/alerts/cpu-verdict", new { type = "verdict", metric = "cpu", enabled = false });
        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        await fixture.DeactivateAllGrainsAsync(); // read back from storage
        var changed = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts");
        var guardrail = changed.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "guardrail");
        Assert.Equal(("latency", 0.01), (guardrail.GetProperty("metric").GetString(), guardrail.GetProperty("threshold").GetDouble()));
        Assert.False(changed.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "cpu-verdict").GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Http.DeleteAsync($"/v1/tests/{test}/alerts/guardrail")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Http.DeleteAsync($"/v1/tests/{test}/alerts/cpu-verdict")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.DeleteAsync($"/v1/tests/{test}/alerts/cpu-verdict")).StatusCode);
        await fixture.DeactivateAllGrainsAsync(); // what remains is what was stored
        var reset = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts");
        Assert.Equal(DefaultAlertRules.All.Count, reset.GetProperty("rules").GetArrayLength());
        Assert.False(reset.GetProperty("rules")[1].TryGetProperty("metric", out var metric) && metric.ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Theory]
    [InlineData("""{"type": "loud"}""", "type")]
    [InlineData("""{"type": "verdict"}""", "type", "guardrail")] // a default rule keeps its type
    [InlineData("""{"type": "guardrailWorse", "threshold": 0.7}""", "threshold")]
    [InlineData("""{"type": "noPoints", "silenceSeconds": 0}""", "silenceSeconds")]
    [InlineData("""{"type": "verdict", "silenceSeconds": 5}""", "silenceSeconds")]
    [InlineData("""{"type": "verdict", "metric": "bad metric"}""", "metric")]
    [InlineData("""{"type": "verdict"}""", "rule", "no spaces")]
    public async Task ABadRuleIsRefusedNamingTheField(string body, string field, string rule = "my-rule")
    {
        var response = await fixture.Http.PutAsync($"/v1/tests/{Names.Unique("bad")}/alerts/{Uri.EscapeDataString(rule)}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertRejectedNamingAsync(field);
    }

    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("http://user:pw@127.0.0.1/hook")]
    [InlineData("not a url")]
    [InlineData("")]
    public async Task AHookOutsideTheAllowListIsRefusedNamingTheUrl(string url)
    {
        var test = Names.Unique("hooks");
        var response = await fixture.Http.PostJsonAsync($"/v1/tests/{test}/hooks", ApiJson.ToJson(new { url }));
        await response.AssertRejectedNamingAsync("url");
        Assert.Equal(0, (await fixture.Http.GetJsonAsync($"/v1/tests/{test}/hooks")).GetArrayLength());
    }

    [Fact]
    public async Task OnlyAdminKeysManageRulesAndHooksAndTheSecretIsShownOnce()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var reader = await gateway.ClientWithNewKeyAsync("alerts-reader", ["read"]);
        using var ingester = await gateway.ClientWithNewKeyAsync("alerts-ingest", ["ingest"]);
        var test = Names.Unique("keys");
        var hook = ApiJson.ToJson(new { url = "http://127.0.0.1:9/hook" });

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/tests/{test}/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingester.GetAsync($"/v1/tests/{test}/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Anonymous.GetAsync($"/v1/tests/{test}/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/v1/tests/{test}/alerts/x", new { type = "verdict" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/v1/tests/{test}/alerts/guardrail")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"/v1/tests/{test}/hooks", hook)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/v1/tests/{test}/hooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/v1/tests/{test}/hooks/1/deliveries")).StatusCode);
        Assert.Equal(0, (await gateway.Admin.GetJsonAsync($"/v1/tests/{test}/hooks")).GetArrayLength());

        var created = await gateway.Admin.PostJsonAsync($"/v1/tests/{test}/hooks", hook);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.ReadJsonAsync()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        var listed = await (await gateway.Admin.GetAsync($"/v1/tests/{test}/hooks")).Content.ReadAsStringAsync();
        Assert.Contains("127.0.0.1:9", listed);
        Assert.DoesNotContain(secret, listed);
        Assert.DoesNotContain("secret", listed);
    }

    [Fact]
    public async Task ADeletedHookIsGoneWithItsLog()
    {
        var test = Names.Unique("delhook");
        var (hook, _) = await AlertTraffic.AddHookAsync(fixture.Http, test, "http://127.0.0.1:9/hook");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync($"/v1/tests/{test}/hooks/{hook}/deliveries")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Http.DeleteAsync($"/v1/tests/{test}/hooks/{hook}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.DeleteAsync($"/v1/tests/{test}/hooks/{hook}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/v1/tests/{test}/hooks/{hook}/deliveries")).StatusCode);
        await fixture.DeactivateAllGrainsAsync();
        Assert.Equal(0, (await fixture.Http.GetJsonAsync($"/v1/tests/{test}/hooks")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/v1/tests/{Names.Unique("other")}/hooks/{hook}/deliveries")).StatusCode);
    }
}
