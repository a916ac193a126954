using System.Net;
using System.Text.RegularExpressions;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The gateway serves the built dashboard at / with cache headers, and the API's routes stay the API's.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class DashboardHostingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheDashboardIsServedAtTheRootAndAlwaysRevalidated()
    {
        var response = await fixture.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<main id=\"app\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HashedAssetsAreCachedForAYearAsImmutable()
    {
        var index = await fixture.Http.GetStringAsync("/");
        var assets = AssetPath().Matches(index).Select(m => m.Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            var response = await fixture.Http.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData("/v1/tests", "application/json")]
    [InlineData("/healthz", "application/json")]
    [InlineData("/openapi/v1.json", "application/json")]
    public async Task ApiRoutesStillAnswerAsTheApi(string path, string mediaType)
    {
        var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownPathIsStillA404NotTheDashboard()
    {
        var response = await fixture.Http.GetAsync("/v1/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("/assets/[A-Za-z0-9_-]+\\.(js|css)")]
    private static partial Regex AssetPath();
}
