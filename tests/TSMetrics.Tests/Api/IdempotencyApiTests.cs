using System.Net;
using System.Text;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ARepeatedBatchIdIsAcknowledgedAgainButStoredAndCountedOnce()
    {
        var test = Names.Unique("retry");
        var body = Batch(test, 100);

        var first = await PostWithKeyAsync(body, "batch-0001");
        var second = await PostWithKeyAsync(body, "batch-0001");
        await fixture.DeactivateAllGrainsAsync(); // a new activation must remember it too
        var third = await PostWithKeyAsync(body, "batch-0001");

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("batch-0001", (await first.ReadJsonAsync()).GetProperty("batchId").GetString());
        Assert.Equal(100, await fixture.Database.ScalarAsync("SELECT sum(point_count) FROM tsm.point_batches WHERE test = $1", test));
        Assert.Equal(100, await LiveCountAsync(test));
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneBatchAreStoredOnce()
    {
        var test = Names.Unique("retry");
        var body = Batch(test, 50).Replace("[", """{"batchId": "same-batch", "points": [""", StringComparison.Ordinal).TrimEnd(']') + "]}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.Http.PostJsonAsync("/v1/points", body)));

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(50, await fixture.Database.ScalarAsync("SELECT sum(point_count) FROM tsm.point_batches WHERE test = $1", test));
        Assert.Equal(50, await LiveCountAsync(test));
    }

    [Fact]
    public async Task DifferentBatchIdsAreDifferentBatches()
    {
        var test = Names.Unique("retry");
        await PostWithKeyAsync(Batch(test, 10), "one");
        await PostWithKeyAsync(Batch(test, 10), "two");
        await fixture.Http.PostJsonAsync("/v1/points", Batch(test, 10)); // no key: the gateway makes one

        Assert.Equal(30, await LiveCountAsync(test));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("/slash")]
    public async Task AMalformedBatchIdIsRejected(string key)
    {
        var response = await PostWithKeyAsync(Batch(Names.Unique("t"), 1), key);

        await response.AssertRejectedNamingAsync("batchId");
    }

    [Fact]
    public async Task AHeaderAndABodyBatchIdThatDisagreeAreRejected()
    {
        var body = $$"""{"batchId": "x1", "points": [{"metric": "{{Names.Unique("m")}}", "value": 1}]}""";

        var response = await PostWithKeyAsync(body, "x2");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostWithKeyAsync(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/points") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Http.SendAsync(request);
    }

    private async Task<long> LiveCountAsync(string test)
    {
        var series = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=m&granularity=1h");
        return series.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }

    private static string Batch(string test, int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"test": "{{test}}", "variant": "A", "metric": "m", "value": {{i}}}""")) + "]";
}
