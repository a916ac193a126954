using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The Flask report's unique users come from the rollups' user sketches, so an hour back-filled a month ago
/// answers the same once its raw points and its 1-second rollups are gone.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FlaskAnalyticsUniqueUsersTests(ClusterFixture fixture)
{
    private const string Metrics = "ARRAY['analytics.click', 'analytics.impression']";

    [Fact]
    public async Task AnHourBackfilled32DaysAgoKeepsItsUniqueUsersAfterItsRawPointsAndSecondsAreDropped()
    {
        // 32 days: past the raw and 1-second retention (7 days), within the 1-minute tier's (35 days); an hour
        // of its own (other tests use other days), ending 17 seconds into a minute.
        var t = DateTimeOffset.UtcNow.AddDays(-32).ToUnixTimeSeconds() / 3_600 * 3_600 + 1_817;
        var users = new[] { "u32-a", "u32-b", "u32-c" };
        foreach (var (at, user, kind) in new[]
                 {
                     (t - 3_600, users[0], "click"), (t - 1_800, users[1], "click"), (t, users[0], "impression"), (t - 42, users[2], "impression"),
                     (t - 3_600 - 300, "u32-outside", "click"), (t + 300, "u32-outside", "impression"), // minutes away from the hour
                 })
        {
            var posted = await fixture.Http.PostAsync($"/analytics?timestamp={at}&user={user}&event={kind}", null);
            Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        }

        var from = t - 3_600 - 300;
        var to = t + 300;
        await Eventually.MatchesAsync(() => fixture.Database.ScalarAsync(
                $"SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = '' AND metric = ANY ({Metrics}) AND bucket BETWEEN to_timestamp($1) - interval '1 minute' AND to_timestamp($2) AND users IS NOT NULL",
                (double)from, (double)to),
            count => count == 6, "all six events flushed to the 1-minute rollups with their users");
        Assert.StartsWith("unique_users,3\n", await ReportAsync(t));

        // Raw retention keeps a point for 7 days after it arrives; these arrived now, so drop them as it will
        // then (RetentionTests checks retention itself), and let retention drop the 1-second tier's chunks.
        await fixture.Database.ScalarAsync(
            $"""
            DELETE FROM tsm.point_batches b WHERE b.test = '' AND b.metric = ANY ({Metrics})
              AND b.hour BETWEEN date_trunc('hour', to_timestamp($1)) AND to_timestamp($2)
              AND b.seq <= (SELECT w.flushed_seq FROM tsm.series_watermarks w WHERE w.test = '' AND w.metric = b.metric)
            """, (double)from, (double)to);
        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions()), Options.Create(new RollupRetentionOptions()), TimeProvider.System, NullLogger<RetentionService>.Instance);
        await retention.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            $"SELECT count(*) FROM tsm.point_batches WHERE test = '' AND metric = ANY ({Metrics}) AND first_time <= to_timestamp($2) AND last_time >= to_timestamp($1)", (double)from, (double)to));
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            $"SELECT count(*) FROM tsm.rollup_1s WHERE test = '' AND metric = ANY ({Metrics}) AND bucket BETWEEN to_timestamp($1) AND to_timestamp($2)", (double)from, (double)to));

        var report = await ReportAsync(t);
        Assert.StartsWith("unique_users,3\n", report); // u32-a (twice), u32-b, u32-c; u32-outside left out
        Assert.Matches("^unique_users,3\nclicks,[0-9]+\nimpressions,[0-9]+\n$", report);
    }

    private Task<string> ReportAsync(long timestamp) => fixture.Http.GetStringAsync($"/analytics?timestamp={timestamp}");
}
