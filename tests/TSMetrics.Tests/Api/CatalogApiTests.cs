using System.Net;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class CatalogApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TestsVariantsAndMetricsAppearOnFirstSightAndDefinitionsAreEditable()
    {
        var test = Names.Unique("checkout");
        await fixture.Http.PostJsonAsync("/v1/points", $$"""
            [{"test": "{{test}}", "variant": "A", "metric": "response_time", "value": 1},
             {"test": "{{test}}", "variant": "B", "metric": "add_to_cart", "value": 0}]
            """);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}", new { control = "A", description = "new checkout" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/add_to_cart", new { unit = "clicks", direction = "higher", kind = "proportion" })).StatusCode);

        var entry = await Eventually.MatchesAsync(
            () => fixture.Http.GetJsonAsync($"/v1/tests/{test}"),
            e => e.GetProperty("variants").GetArrayLength() == 2 && e.GetProperty("metrics").GetArrayLength() == 2,
            "both variants and metrics reaching the catalog");

        Assert.Equal("A", entry.GetProperty("control").GetString());
        Assert.Equal("new checkout", entry.GetProperty("description").GetString());
        var addToCart = entry.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "add_to_cart");
        Assert.Equal(("clicks", "higher", "proportion"), (addToCart.GetProperty("unit").GetString(), addToCart.GetProperty("direction").GetString(), addToCart.GetProperty("kind").GetString()));
        Assert.True(addToCart.TryGetProperty("lastSeen", out _));

        var list = await fixture.Http.GetJsonAsync("/v1/tests");
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("name").GetString() == test);
    }

    [Fact]
    public async Task PlainMetricsAreListedApartFromTests()
    {
        var metric = Names.Unique("cpu");
        await fixture.Http.PostJsonAsync("/v1/points", $$"""{"name": "{{metric}}", "value": 42}""");
        await fixture.Http.PutJsonAsync($"/v1/metrics/{metric}", new { unit = "%", direction = "lower" });

        var metrics = await Eventually.MatchesAsync(
            () => fixture.Http.GetJsonAsync("/v1/metrics/catalog"),
            list => list.EnumerateArray().Any(m => m.GetProperty("name").GetString() == metric && m.TryGetProperty("lastSeen", out _)),
            "the plain metric reaching the catalog");
        Assert.Equal("%", metrics.EnumerateArray().Single(m => m.GetProperty("name").GetString() == metric).GetProperty("unit").GetString());
    }

    [Theory]
    [InlineData("/v1/tests/t/metrics/m", """{"direction": "sideways"}""", "direction")]
    [InlineData("/v1/tests/t/metrics/m", """{"kind": "median"}""", "kind")]
    [InlineData("/v1/tests/bad%20name", """{"control": "A"}""", "test")]
    [InlineData("/v1/tests/t", """{"control": "A B"}""", "control")]
    public async Task BadDefinitionsGet400NamingTheField(string url, string json, string field)
    {
        var response = await fixture.Http.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertRejectedNamingAsync(field);
    }

    [Fact]
    public async Task AnUnknownTestIs404WithProblemDetails()
    {
        var response = await fixture.Http.GetAsync($"/v1/tests/{Names.Unique("nope")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"control": "A", "weights": {"A": "half"}}""", "weights.A")]
    [InlineData("""{"control": 5}""", "control")]
    [InlineData("""{"control": "A", "description": "unterminated""", "description")]
    [InlineData("""[1, 2]""", "body")]
    public async Task AnUnreadableDefinitionBodyGets400NamingTheField(string body, string field)
    {
        var response = await fixture.Http.PutAsync($"/v1/tests/{Names.Unique("def")}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertRejectedNamingAsync(field);
    }
}
