using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>Users seen in more than one variant through the HTTP API: counted, flagged above 1%, left out of the comparison and the sample-ratio check.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExposureHealthApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task UsersInBothVariantsAreCountedFlaggedAndLeftOutOfTheAnalysis()
    {
        var test = Names.Unique("exposure");
        // 100 users in A and 100 in B; users a0..a4 of A also send points as B.
        var points = new List<string>();
        for (var u = 0; u < 100; u++)
        {
            points.Add(Point(test, "A", $"a{u}", 10 + u % 7));
            points.Add(Point(test, "B", $"b{u}", 11 + u % 7));
        }

        for (var u = 0; u < 5; u++) points.Add(Point(test, "B", $"a{u}", 1_000));
        Assert.True((await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]")).IsSuccessStatusCode);

        var answer = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison");
        var metric = answer.GetProperty("metrics")[0];
        var exposure = answer.GetProperty("exposure");

        Assert.Equal(5, metric.GetProperty("crossedUsers").GetInt64());
        Assert.Equal((5L, 200L), (exposure.GetProperty("crossedUsers").GetInt64(), exposure.GetProperty("users").GetInt64()));
        Assert.True(exposure.GetProperty("flagged").GetBoolean());
        Assert.Equal(new[] { 95L, 100L }, metric.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("n").GetInt64()));
        // The crossed users' 1,000s never reach B's mean.
        Assert.True(metric.GetProperty("variants")[1].GetProperty("mean").GetDouble() < 20);
        var observed = answer.GetProperty("sampleRatio").GetProperty("observed");
        Assert.Equal((95L, 100L), (observed.GetProperty("A").GetInt64(), observed.GetProperty("B").GetInt64()));
    }

    private static string Point(string test, string variant, string user, double value) =>
        $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "m", "value": {{value}}, "userId": "{{user}}"}""";
}
