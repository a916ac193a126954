using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Storage;

/// <summary>
/// One journal round trip carries many writes. A row PostgreSQL refuses (here a NUL in a user id, sent
/// around the gateway's validation) must fail only its own write: the others are retried on their own.
/// The journal table is locked while the writes queue, so they really share one COPY.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RefusedRowIsolationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ARefusedRowFailsOnlyItsOwnWriteInASharedCommit()
    {
        await using var journal = new PointJournal(fixture.Database.Owner, Options.Create(new StorageOptions { JournalWriters = 1 }));
        var test = Names.Unique("refused");
        var now = UnixTime.ToMicros(DateTime.UtcNow);

        Task first, bad, good;
        await using (await TableLock.AcquireAsync(fixture.Database, "tsm.point_batches"))
        {
            first = journal.AppendAsync(Entry(test, "first", now, userId: "u1"));
            await WaitForCopyBlockedAsync();
            // Queued behind the blocked commit, so the writer takes both into its next round trip.
            bad = journal.AppendAsync(Entry(test, "bad", now, userId: "u\0"));
            good = journal.AppendAsync(Entry(test, "good", now, userId: "u2"));
        }

        await first;
        await good;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal("22021", refused.SqlState);
        Assert.Equal(2, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", test));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1 AND metric = 'bad'", test));
    }

    [Fact]
    public async Task ARefusedBatchFailsOnlyItsCallerAmongTheBatchesOfOneSeriesWrite()
    {
        var key = new SeriesKey(Names.Unique("refused"), "m");
        var series = fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        await series.GetDefinitionAsync(); // activated before the lock: activation reads the journal

        Task first, bad, good;
        await using (await TableLock.AcquireAsync(fixture.Database, "tsm.point_batches"))
        {
            first = series.IngestAsync(Batch(now, "u1", "first"));
            await WaitForCopyBlockedAsync();
            // Both queue behind the write in flight and go to the journal as one write of this series (they
            // reach the grain long before the lock's release lets the first COPY finish; were they ever
            // written apart, every assertion below would still hold).
            bad = series.IngestAsync(Batch(now, "u\0", "bad"));
            good = series.IngestAsync(Batch(now, "u2", "good"));
        }

        await first;
        await good;
        var refused = await Assert.ThrowsAsync<PointsRefusedException>(() => bad);
        Assert.Contains("22021", refused.Message);
        Assert.Equal(2, await fixture.Database.StoredPointsAsync(key.Test));
        var live = await series.GetWindowAsync(now - 60_000_000, now + 1_000_000);
        Assert.Equal(2, Assert.Single(live.Variants).Stats.Count);
    }

    [Fact]
    public async Task TheGatewayAnswersARefusedBatch422NamingPointsAndCountsIt()
    {
        // A constraint stands in for whatever PostgreSQL may refuse that validation does not know of yet.
        const string refusedVariant = "refused_by_the_database";
        await fixture.Database.ScalarAsync($"ALTER TABLE tsm.point_batches ADD CONSTRAINT refuses_one_variant CHECK (variant <> '{refusedVariant}')");
        try
        {
            var test = Names.Unique("refused");
            var now = ApiJson.Iso(DateTime.UtcNow);
            var before = await RefusedRequestsAsync();

            var refused = fixture.Http.PostJsonAsync("/v1/points", $$"""[{"test": "{{test}}", "variant": "{{refusedVariant}}", "metric": "m", "value": 1, "timestamp": "{{now}}"}]""");
            var accepted = fixture.Http.PostJsonAsync("/v1/points", $$"""[{"test": "{{test}}", "variant": "A", "metric": "m2", "value": 1, "timestamp": "{{now}}"}]""");

            var answer = await refused;
            Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            var problem = await answer.ReadJsonAsync();
            Assert.Equal("points", problem.GetProperty("field").GetString());
            Assert.Contains("23514", problem.GetProperty("detail").GetString());
            Assert.True((await accepted).IsSuccessStatusCode);
            Assert.Equal(1, await fixture.Database.StoredPointsAsync(test));
            Assert.Equal(before + 1, await RefusedRequestsAsync());
        }
        finally
        {
            await fixture.Database.ScalarAsync("ALTER TABLE tsm.point_batches DROP CONSTRAINT refuses_one_variant");
        }
    }

    private async Task<long> RefusedRequestsAsync()
    {
        var counters = await fixture.Http.GetJsonAsync("/v1/admin/rejections");
        return counters.GetProperty("ingest").TryGetProperty("refused", out var refused) ? refused.GetProperty("requests").GetInt64() : 0;
    }

    private static JournalEntry Entry(string test, string metric, long now, string userId) =>
        new(new SeriesKey(test, metric), 1, [new PointBatch(["A"], [new SeriesPoint(now, 1, 0, userId)])]);

    private static PointBatch Batch(long now, string userId, string batchId) => new(["A"], [new SeriesPoint(now, 1, 0, userId)], batchId);

    private Task WaitForCopyBlockedAsync() => Eventually.MatchesAsync(
        () => fixture.Database.ScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY tsm.point_batches%' AND datname = current_database()"),
        waiting => waiting > 0, "the first COPY waiting for the table lock");
}
