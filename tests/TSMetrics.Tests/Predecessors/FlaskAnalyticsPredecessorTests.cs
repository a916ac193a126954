using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The Flask user-analytics API's README (shared/predecessors/user-analytics-flask.md): POST /analytics
/// with timestamp, user and event in the query string (204), GET /analytics?timestamp= with its text lines.
/// Every test uses an hour of its own, because the events are two plain metrics shared by all callers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FlaskAnalyticsPredecessorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheReadmeRequestsAsWrittenAnswerTheReadmeLines()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await PostReadmeAsync("/analytics?timestamp=1224567997&user=3&event=click")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostReadmeAsync("/analytics?timestamp=1224567998&user=1&event=impression")).StatusCode);

        Assert.Equal("unique_users,2\nclicks,1\nimpressions,1\n", await GetReadmeAsync("/analytics?timestamp=1224567999"));
    }

    [Fact]
    public async Task TheReadmeRequestsWithRecentTimestampsAnswerTheReadmeLines()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-30).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.NoContent, (await PostReadmeAsync($"/analytics?timestamp={t - 2}&user=3&event=click")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostReadmeAsync($"/analytics?timestamp={t - 1}&user=1&event=impression")).StatusCode);

        await Eventually.MatchesAsync(() => GetReadmeAsync($"/analytics?timestamp={t}"), text => text == "unique_users,2\nclicks,1\nimpressions,1\n",
            "the README's three lines");
    }

    [Fact]
    public async Task TheHourIncludesBothEndsAndCountsAUserOnce()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-27).ToUnixTimeSeconds();
        foreach (var (at, user, kind) in new[] { (t - 3_600, "7", "click"), (t, "7", "impression"), (t - 10, "8", "click"), (t - 3_601, "9", "click"), (t + 1, "9", "click") })
            Assert.Equal(HttpStatusCode.NoContent, (await PostReadmeAsync($"/analytics?timestamp={at}&user={user}&event={kind}")).StatusCode);

        await Eventually.MatchesAsync(() => GetReadmeAsync($"/analytics?timestamp={t}"), text => text == "unique_users,2\nclicks,2\nimpressions,1\n",
            "two clicks and an impression of users 7 and 8, the events just outside the hour left out");
    }

    [Fact]
    public async Task ARetriedEventWithTheSameIdempotencyKeyIsCountedOnce()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-24).ToUnixTimeSeconds();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/analytics?timestamp={t}&user=5&event=click");
            request.Headers.Add("Idempotency-Key", "click-5-once");
            Assert.Equal(HttpStatusCode.NoContent, (await fixture.Http.SendAsync(request)).StatusCode);
        }

        await Eventually.MatchesAsync(() => GetReadmeAsync($"/analytics?timestamp={t}"), text => text == "unique_users,1\nclicks,1\nimpressions,0\n", "one click");
    }

    [Fact]
    public async Task InvalidInputIsA400NamingTheParameterNotASilent204()
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await (await fixture.Http.PostAsync($"/analytics?timestamp={t}&user=3&event=scroll", null)).AssertRejectedNamingAsync("event");
        await (await fixture.Http.PostAsync($"/analytics?timestamp={t}&event=click", null)).AssertRejectedNamingAsync("user");
        await (await fixture.Http.PostAsync("/analytics?timestamp=yesterday&user=3&event=click", null)).AssertRejectedNamingAsync("timestamp");
        await (await fixture.Http.GetAsync("/analytics")).AssertRejectedNamingAsync("timestamp");
    }

    // The README's curl lines also send these headers; they change nothing.
    private async Task<HttpResponseMessage> PostReadmeAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("cache-control", "no-cache");
        request.Headers.Add("postman-token", "0c01e981-587b-af2a-17ba-8f635354b076");
        var response = await fixture.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"POST {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<string> GetReadmeAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("cache-control", "no-cache");
        request.Headers.Add("postman-token", "1a236642-247e-bcec-fd63-c9d1e685540e");
        var response = await fixture.Http.SendAsync(request);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
