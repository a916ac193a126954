using System.Text;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// GET /v1/series?format=columns: the same numbers as the default shape for the same request, from memory,
/// from rollups, from the unflushed journal and from the gateway's cache of closed history; fields= keeps only
/// the statistics asked; bad format or fields values are refused naming the parameter.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SeriesColumnsApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ColumnsCarryTheSameNumbersAsBucketsFromMemoryRollupsTheUnflushedTailAndTheCache()
    {
        var test = Names.Unique("columns");
        // Three hours ago: before the grain's late horizon and its 1-second ring, so from storage, and cacheable.
        var old = DateTime.UtcNow.AddHours(-3);
        old = old.AddTicks(-(old.Ticks % TimeSpan.TicksPerMinute));
        await PostAsync(test, [("A", old, "1.5", "u1"), ("A", old, "2.25", "u2"), ("A", old.AddSeconds(1), "\"red\"", "u1"),
            ("A", old.AddSeconds(1), "3", null), ("B", old, "10", "u1")]);
        await fixture.Grains.GetGrain<TSMetrics.Grains.Interfaces.ISeriesGrain>($"{test}/m").CatchUpAsync();
        // Acknowledged after the flush: in the journal (unflushed) until the next one.
        await PostAsync(test, [("A", old, "4", "u3"), ("A", old, "\"blue\"", null)]);
        var recent = DateTime.UtcNow.AddSeconds(-3);
        await PostAsync(test, [("A", recent, "7", "u3"), ("B", recent, "8", null), ("B", recent, "\"red\"", null)]);

        var range = $"test={test}&metric=m&granularity=1s&from={ApiJson.Iso(old.AddMinutes(-10))}&to={ApiJson.Iso(DateTime.UtcNow.AddMinutes(1))}";
        // Twice: the second answer copies the closed blocks the first one kept (and encoded).
        for (var pass = 0; pass < 2; pass++)
        {
            var buckets = await fixture.Http.GetJsonAsync($"/v1/series?{range}");
            var columns = await fixture.Http.GetJsonAsync($"/v1/series?{range}&format=columns");
            Assert.Equal(Envelope(buckets), Envelope(columns));
            var fromColumns = Rows(columns);
            Assert.Equal(Rows(buckets), fromColumns);
            Assert.Contains(fromColumns, r => r is { Variant: "A", Count: 3, Sum: 7.75, Users: 3, Categories: "blue:1:1" }); // rollups and journal in one bucket
            Assert.Contains(fromColumns, r => r is { Variant: "A", Count: 1, Sum: 7 }); // memory
            Assert.Contains(fromColumns, r => r is { Variant: "B", Count: 1, Sum: 8, Categories: "red:1:1" });
            Assert.Equal((5L, 2L), (fromColumns.Where(r => r.Variant == "A").Sum(r => r.Count), fromColumns.Where(r => r.Variant == "B").Sum(r => r.Count)));
        }
    }

    [Fact]
    public async Task FieldsKeepOnlyTheStatisticsAskedAndTheirTimes()
    {
        var test = Names.Unique("fields");
        var at = DateTime.UtcNow.AddSeconds(-2);
        await PostAsync(test, [("A", at, "1", "u1"), ("A", at, "3", "u2")]);

        var answer = await fixture.Http.GetJsonAsync(
            $"/v1/series?test={test}&metric=m&granularity=1m&from={ApiJson.Iso(at.AddMinutes(-5))}&format=columns&fields=avg,count");

        var variant = Assert.Single(answer.GetProperty("variants").EnumerateArray());
        Assert.Equal(["variant", "t", "count", "avg"], variant.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, variant.GetProperty("count")[0].GetInt64());
        Assert.Equal(2.0, variant.GetProperty("avg")[0].GetDouble());
    }

    [Theory]
    [InlineData("&format=xml", "format")]
    [InlineData("&format=columns&fields=avg,median", "fields")]
    [InlineData("&format=columns&fields=", "fields")]
    [InlineData("&fields=avg", "fields")]
    public async Task BadFormatOrFieldsAreRefusedNamingTheParameter(string query, string field)
    {
        var response = await fixture.Http.GetAsync($"/v1/series?metric=m{query}");
        await response.AssertRejectedNamingAsync(field);
    }

    private static string Envelope(JsonElement answer) =>
        string.Join("|", answer.EnumerateObject().Where(p => p.Name != "variants").Select(p => $"{p.Name}={p.Value}"));

    // One row per bucket, whichever shape it came in: absent values as null, string values as name:count:share.
    private sealed record Row(string Variant, long T, long Count, double? Avg, double? Min, double? Max, double Sum, long? Users, string Categories);

    private static List<Row> Rows(JsonElement answer)
    {
        var rows = new List<Row>();
        foreach (var variant in answer.GetProperty("variants").EnumerateArray())
        {
            var name = variant.GetProperty("variant").GetString()!;
            if (variant.TryGetProperty("buckets", out var buckets))
            {
                foreach (var b in buckets.EnumerateArray())
                    rows.Add(new Row(name, b.GetProperty("t").GetInt64(), b.GetProperty("count").GetInt64(), Number(b, "avg"), Number(b, "min"), Number(b, "max"),
                        b.GetProperty("sum").GetDouble(), b.TryGetProperty("users", out var u) ? u.GetInt64() : null,
                        b.TryGetProperty("categories", out var c) ? string.Join(",", c.EnumerateObject().Select(v => $"{v.Name}:{v.Value.GetProperty("count")}:{v.Value.GetProperty("share")}")) : ""));
                continue;
            }

            var t = variant.GetProperty("t");
            for (var i = 0; i < t.GetArrayLength(); i++)
            {
                var categories = new StringBuilder();
                if (variant.TryGetProperty("categories", out var c))
                    foreach (var v in c.EnumerateObject().Where(v => v.Value.GetProperty("count")[i].GetInt64() > 0))
                        categories.Append(categories.Length == 0 ? "" : ",").Append($"{v.Name}:{v.Value.GetProperty("count")[i]}:{v.Value.GetProperty("share")[i]}");
                rows.Add(new Row(name, t[i].GetInt64(), variant.GetProperty("count")[i].GetInt64(), At(variant, "avg", i), At(variant, "min", i), At(variant, "max", i),
                    variant.GetProperty("sum")[i].GetDouble(), variant.TryGetProperty("users", out var u) && u[i].ValueKind == JsonValueKind.Number ? u[i].GetInt64() : null,
                    categories.ToString()));
            }
        }

        return rows;
    }

    private static double? Number(JsonElement bucket, string name) => bucket.TryGetProperty(name, out var value) ? value.GetDouble() : null;

    private static double? At(JsonElement variant, string name, int i) =>
        variant.GetProperty(name)[i] is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private async Task PostAsync(string test, (string Variant, DateTime At, string Value, string? User)[] points)
    {
        var json = new StringBuilder("[");
        foreach (var (variant, at, value, user) in points)
        {
            if (json.Length > 1) json.Append(',');
            json.Append($$"""{"test":"{{test}}","variant":"{{variant}}","metric":"m","value":{{value}},"timestamp":"{{ApiJson.Iso(at)}}" """);
            if (user is not null) json.Append($$""","userId":"{{user}}" """);
            json.Append('}');
        }

        var response = await fixture.Http.PostJsonAsync("/v1/points", json.Append(']').ToString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
