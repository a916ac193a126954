using Microsoft.Extensions.DependencyInjection;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

/// <summary>
/// The gateway refuses names outside [A-Za-z0-9_.:-], so hostile names never arrive through HTTP. This test
/// goes around that check, straight to the grains, to prove the second line: every name reaches SQL as a
/// parameter, so SQL in a name is stored as text and read back verbatim, and nothing else is touched.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileNameStorageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SqlInNamesIsStoredAsTextAndReadBackVerbatim()
    {
        var test = "t'); DROP TABLE tsm.rollup_1m; --" + Names.Unique("");
        const string metric = "m\"; DELETE FROM tsm.point_batches; --";
        string[] variants = ["' OR '1'='1", "B'); TRUNCATE tsm.tests; --"];
        var key = new SeriesKey(test, metric);
        var tablesBefore = await fixture.Database.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'tsm'");
        var now = UnixTime.ToMicros(DateTime.UtcNow);

        var admission = await fixture.Grains.GetGrain<ICardinalityGrain>(0).AdmitAsync([new SeriesName(test, metric, variants[0]), new SeriesName(test, metric, variants[1])]);
        var series = fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
        await series.DefineAsync(new MetricDefinition(Unit: "ms'; --", Direction: MetricDirection.Lower, Description: "'; DROP SCHEMA tsm CASCADE; --"));
        await fixture.Grains.GetGrain<ITestGrain>(key.TestGrainKey).DefineAsync(new TestDefinition(variants[0], "desc'); --", new Dictionary<string, double> { [variants[0]] = 1, [variants[1]] = 1 }));
        await series.IngestAsync(new PointBatch(variants,
            [new SeriesPoint(now - 2_000_000, 1, 0, "u'; --", """{"k'; --": "v\"); --"}"""), new SeriesPoint(now - 1_000_000, 2, 1), new SeriesPoint(now, 3, 0)],
            "batch'); --"));

        Assert.True(admission.Admitted);
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1m WHERE test = $1 AND metric = $2 AND variant = ANY($3)", test, metric, variants),
            rows => rows >= 2, "both variants flushed to rollups under their exact names");

        var gateway = fixture.Gateway.Services;
        var raw = await gateway.GetRequiredService<RawPointReader>().ReadAsync(key, null, now - 10_000_000, now, 0, 100, CancellationToken.None);
        var history = await gateway.GetRequiredService<HistoryReader>().ReadAsync(key, now - 3_600_000_000, now + 60_000_000, 60_000_000, null, null, CancellationToken.None);
        var (tests, _) = await gateway.GetRequiredService<CatalogReader>().ReadAsync(test, CancellationToken.None);

        Assert.Equal([variants[0], variants[1], variants[0]], raw.Select(p => p.Variant));
        Assert.Equal("u'; --", raw[0].UserId);
        Assert.Equal(variants.Order(StringComparer.Ordinal), history.Keys.Order(StringComparer.Ordinal));
        var entry = Assert.Single(tests);
        Assert.Equal((test, variants[0], "desc'); --"), (entry.Name, entry.Control, entry.Description));
        Assert.Equal("ms'; --", Assert.Single(entry.Metrics).Unit);
        Assert.Equal(tablesBefore, await fixture.Database.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'tsm'"));
        Assert.True(await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1m") > 0);
    }
}
