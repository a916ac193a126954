using System.Text;
using System.Text.Json;
using Npgsql;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// Distinct users per bucket of /v1/series: exact for small counts, a union for coarse buckets (never the sum
/// of their parts), the same right after the acknowledgement (unflushed journal), after a flush, after the
/// grain is reactivated, while a flush waits for storage, and on both sides of the seam between memory and
/// storage; within the documented error for 20,000 users.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UniqueUsersApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EachBucketCountsItsDistinctUsersAndACoarseBucketTheUnionOfItsParts()
    {
        var test = Names.Unique("users");
        var hour = FloorToHour(DateTime.UtcNow).AddHours(-1);
        DateTime M(int minute) => hour.AddMinutes(minute).AddSeconds(5);
        DateTime Bucket(int minute) => hour.AddMinutes(minute);
        // Minute 10: u1 (twice), u2, u3; minute 11: u2, u3, u4; minute 13: no user ids at all. B: u1 in minute 10.
        await PostAsync(test, [("A", M(10), "u1"), ("A", M(10), "u1"), ("A", M(10), "u2"), ("A", M(10), "u3"),
            ("A", M(11), "u2"), ("A", M(11), "u3"), ("A", M(11), "u4"), ("A", M(13), null), ("A", M(13), null), ("B", M(10), "u1")]);

        // Right after the acknowledgement, whether or not a flush has run yet.
        var minutes = await UsersAsync(test, hour, hour.AddHours(1), "1m");
        Assert.Equal(3, minutes[("A", Bucket(10))]);
        Assert.Equal(3, minutes[("A", Bucket(11))]);
        Assert.Null(minutes[("A", Bucket(13))]); // counted points, no users: the key is left out
        Assert.Equal(1, minutes[("B", Bucket(10))]);
        await WaitFlushedAsync(test);

        // Minute 12: u1 again and u5, one point without a user.
        await PostAsync(test, [("A", M(12), "u1"), ("A", M(12), "u5"), ("A", M(12), null)]);
        async Task AssertAllAsync(string when)
        {
            var m = await UsersAsync(test, hour, hour.AddHours(1), "1m");
            Assert.True(m[("A", Bucket(12))] == 2, $"minute 12 {when}");
            var twoMinutes = await UsersAsync(test, hour, hour.AddHours(1), "2m");
            Assert.True(twoMinutes[("A", hour.AddMinutes(10))] == 4, $"minutes 10-11 {when}: u1..u4, not 3 + 3"); // from two 1-minute rows
            Assert.True(twoMinutes[("A", hour.AddMinutes(12))] == 2, $"minutes 12-13 {when}");
            var whole = await UsersAsync(test, hour, hour.AddHours(1), "1h");
            Assert.True(whole[("A", hour)] == 5, $"the hour {when}: u1..u5, not 3 + 3 + 2");
            Assert.True(whole[("B", hour)] == 1, $"B's hour {when}");
        }

        await AssertAllAsync("right after the second post (its points in the journal, the first ones flushed)");
        await WaitFlushedAsync(test);
        await AssertAllAsync("after both flushes merged their sketches");
        await fixture.DeactivateAllGrainsAsync();
        await AssertAllAsync("after the grain was reactivated");
    }

    [Fact]
    public async Task UsersAreExactOnBothSidesOfTheSeamBetweenStorageAndMemory()
    {
        var test = Names.Unique("users");
        var now = DateTime.UtcNow;
        // The test silos' minute ring holds 2 hours: three hours ago is answered from the rollups, 30 minutes ago from memory.
        var old = FloorToMinute(now.AddHours(-3));
        var recent = FloorToMinute(now.AddMinutes(-30));
        await PostAsync(test, [("A", old, "x"), ("A", old, "y"), ("A", old, "x"), ("A", recent, "x"), ("A", recent, "z")]);
        await WaitFlushedAsync(test);

        var minutes = await UsersAsync(test, now.AddHours(-4), now, "1m");
        Assert.Equal(2, minutes[("A", old)]);
        Assert.Equal(2, minutes[("A", recent)]);
        var points = await CountsAsync(test, now.AddHours(-4), now, "1m");
        Assert.Equal(3, points[old]);
        Assert.Equal(2, points[recent]);
    }

    [Fact]
    public async Task UsersOfAFlushStillWaitingForStorageAreCounted()
    {
        var test = Names.Unique("users");
        var second = FloorToSecond(DateTime.UtcNow.AddSeconds(-10));
        await PostAsync(test, [("A", second, "u1")]);
        await WaitFlushedAsync(test);

        // Hold the rollup writes back: the next flush takes u2 and u3 out of the grain's pending buckets and waits.
        await using (var connection = await fixture.Database.Owner.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand("LOCK TABLE tsm.rollup_1s IN EXCLUSIVE MODE", connection, transaction))
                await command.ExecuteNonQueryAsync();
            await PostAsync(test, [("A", second, "u2"), ("A", second, "u3"), ("A", second, "u1")]);
            await Eventually.MatchesAsync(
                () => fixture.Database.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
                waiting => waiting > 0, "a flush waiting on the rollups' lock");

            var users = await UsersAsync(test, second, second.AddSeconds(1), "1s");
            Assert.True(users[("A", second)] == 3, "u1 from the rollups, u2 and u3 from the flush in flight");
            var points = await CountsAsync(test, second, second.AddSeconds(1), "1s");
            Assert.Equal(4, points[second]);
            await transaction.RollbackAsync();
        }

        await WaitFlushedAsync(test);
        Assert.True((await UsersAsync(test, second, second.AddSeconds(1), "1s"))[("A", second)] == 3, "after the flush committed");
    }

    [Fact]
    public async Task TwentyThousandUsersAreCountedWithinTheDocumentedError()
    {
        const int users = 20_000;
        var test = Names.Unique("users");
        var minute = FloorToMinute(DateTime.UtcNow.AddMinutes(-5));
        // Two points per user, the second batch repeating the first's users.
        for (var round = 0; round < 2; round++)
            for (var from = 0; from < users; from += 10_000)
                await PostAsync(test, Enumerable.Range(from, 10_000).Select(u => ("A", minute.AddSeconds(u % 60), (string?)$"user-{u}")).ToArray());

        // 1.63% standard error (BucketUsers); the ids are fixed, so the estimate is too: 3 standard errors never flake.
        var tolerance = 3 * 0.0163 * users;
        var fresh = (await UsersAsync(test, minute, minute.AddMinutes(1), "1m"))[("A", minute)]!.Value;
        Assert.InRange(fresh, users - tolerance, users + tolerance);
        await WaitFlushedAsync(test);
        var flushed = (await UsersAsync(test, minute, minute.AddMinutes(1), "1m"))[("A", minute)]!.Value;
        Assert.InRange(flushed, users - tolerance, users + tolerance);
        // A 1-second bucket holds 20,000 / 60 = 333 or 334 users: past the exact threshold (256), still close.
        var second = (await UsersAsync(test, minute, minute.AddSeconds(1), "1s"))[("A", minute)]!.Value;
        Assert.InRange(second, 334 - 3 * 0.0163 * 334, 334 + 3 * 0.0163 * 334);
    }

    private async Task PostAsync(string test, (string Variant, DateTime At, string? User)[] points)
    {
        var json = new StringBuilder("[");
        foreach (var (variant, at, user) in points)
        {
            if (json.Length > 1) json.Append(',');
            json.Append($$"""{"test":"{{test}}","variant":"{{variant}}","metric":"m","value":1,"timestamp":"{{ApiJson.Iso(at)}}" """);
            if (user is not null) json.Append($$""","userId":"{{user}}" """);
            json.Append('}');
        }

        var response = await fixture.Http.PostJsonAsync("/v1/points", json.Append(']').ToString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    // Every bucket of the answer: its users, or null when the answer leaves the key out.
    private async Task<Dictionary<(string, DateTime), long?>> UsersAsync(string test, DateTime from, DateTime to, string granularity)
    {
        var result = new Dictionary<(string, DateTime), long?>();
        foreach (var (variant, bucket) in await BucketsAsync(test, from, to, granularity))
            result[(variant, DateTime.UnixEpoch.AddSeconds(bucket.GetProperty("t").GetInt64()))] =
                bucket.TryGetProperty("users", out var users) ? users.GetInt64() : null;
        return result;
    }

    private async Task<Dictionary<DateTime, long>> CountsAsync(string test, DateTime from, DateTime to, string granularity)
    {
        var result = new Dictionary<DateTime, long>();
        foreach (var (_, bucket) in await BucketsAsync(test, from, to, granularity))
            result[DateTime.UnixEpoch.AddSeconds(bucket.GetProperty("t").GetInt64())] = bucket.GetProperty("count").GetInt64();
        return result;
    }

    private async Task<List<(string, JsonElement)>> BucketsAsync(string test, DateTime from, DateTime to, string granularity)
    {
        var answer = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=m&from={ApiJson.Iso(from)}&to={ApiJson.Iso(to)}&granularity={granularity}");
        var result = new List<(string, JsonElement)>();
        foreach (var variant in answer.GetProperty("variants").EnumerateArray())
            foreach (var bucket in variant.GetProperty("buckets").EnumerateArray())
                result.Add((variant.GetProperty("variant").GetString()!, bucket));
        return result;
    }

    // Everything journaled is in the rollups: the watermark reached the series' last journal row.
    private Task WaitFlushedAsync(string test) => Eventually.MatchesAsync(
        () => fixture.Database.ScalarAsync("""
            SELECT count(*) FROM tsm.point_batches b
            WHERE b.test = $1 AND b.seq > coalesce((SELECT flushed_seq FROM tsm.series_watermarks w WHERE w.test = $1 AND w.metric = 'm'), 0)
            """, test),
        unflushed => unflushed == 0, "every journal row of the series flushed");

    private static DateTime FloorToHour(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);

    private static DateTime FloorToMinute(DateTime t) => FloorToHour(t).AddMinutes(t.Minute);

    private static DateTime FloorToSecond(DateTime t) => FloorToMinute(t).AddSeconds(t.Second);
}
