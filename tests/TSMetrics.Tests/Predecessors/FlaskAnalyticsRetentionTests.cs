using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The Flask report of a back-filled hour outlives the 1-second tier's retention: its seconds, edge seconds
/// included, are kept for the report when retention drops the chunks that held them, and counted once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FlaskAnalyticsRetentionTests(ClusterFixture fixture)
{
    private const string Expected = "unique_users,2\nclicks,3\nimpressions,1\n";

    [Fact]
    public async Task AnHourBackfilled30DaysAgoAnswersTheSameAfterRetentionDropsItsSeconds()
    {
        // An hour whose edges are not on a minute: the first and last seconds are partial minutes.
        var t = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds() / 60 * 60 + 17;
        foreach (var (at, user, kind) in new[]
                 {
                     (t - 3_600, "7", "click"), (t - 1_800, "8", "click"), (t, "7", "click"), (t - 42, "8", "impression"),
                     (t - 3_601, "9", "click"), (t + 1, "9", "impression"), // just outside the hour
                 })
        {
            var posted = await fixture.Http.PostAsync($"/analytics?timestamp={at}&user={user}&event={kind}", null);
            Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        }

        await Eventually.MatchesAsync(() => SecondsInRollupsAsync(t - 3_601, t + 1), rows => rows == 6, "all six seconds flushed to the 1-second rollups");
        Assert.Equal(Expected, await ReportAsync(t));

        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions()), Options.Create(new RollupRetentionOptions()), TimeProvider.System, NullLogger<RetentionService>.Instance);
        await retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, await SecondsInRollupsAsync(t - 3_601, t + 1)); // the tier's chunks are gone...
        Assert.Equal(Expected, await ReportAsync(t));                    // ...and the answer is not
        await retention.RunOnceAsync(CancellationToken.None);
        Assert.Equal(Expected, await ReportAsync(t));                    // nothing moves twice
        Assert.Equal(6, await fixture.Database.ScalarAsync(
            $"SELECT coalesce(sum(count), 0) FROM {KeptSecondSeries.Table} WHERE bucket BETWEEN to_timestamp($1) AND to_timestamp($2)", (double)(t - 3_601), (double)(t + 1)));
    }

    private Task<long> SecondsInRollupsAsync(long from, long to) => fixture.Database.ScalarAsync(
        "SELECT coalesce(sum(count), 0) FROM tsm.rollup_1s WHERE test = '' AND metric LIKE 'analytics.%' AND bucket BETWEEN to_timestamp($1) AND to_timestamp($2)",
        (double)from, (double)to);

    private Task<string> ReportAsync(long timestamp) => fixture.Http.GetStringAsync($"/analytics?timestamp={timestamp}");
}
