using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Silo.Demo;

/// <summary>
/// Seeds the demo series' history as 1-minute and 1-hour rollups, through the same writer the grains flush
/// with. Runs before the silo starts (so grains activate onto it) and only when the demo test is absent.
/// Seeded history has no raw points: it stands for data older than the raw retention. Its points come from
/// the demo tests' users, whose totals are seeded too, so comparisons of the demo are per user.
/// </summary>
public sealed partial class DemoHistorySeeder(
    NpgsqlDataSource dataSource,
    RollupWriter rollups,
    CatalogStore catalog,
    IOptions<DemoOptions> options,
    TimeProvider time,
    ILogger<DemoHistorySeeder> logger) : IHostedService
{
    private const string DemoExists = "SELECT EXISTS (SELECT FROM tsm.metrics WHERE test = 'checkout_v2' AND first_seen IS NOT NULL)";

    // Silos that start together take turns; the later ones find the demo seeded and skip it.
    private const string TakeSeedLock = "SELECT pg_advisory_lock(7345001003)";
    private const int PointsPerMinute = 20;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedHistory) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(TakeSeedLock, connection)) await command.ExecuteNonQueryAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(DemoExists, connection))
        {
            // Closing the connection at the end releases the lock.
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!) return;
        }

        var started = time.GetTimestamp();
        var now = UnixTime.ToMicros(time.GetUtcNow());
        const long minute = 60_000_000L;
        var end = now / minute * minute - 2 * minute;
        var start = end - options.Value.HistoryDays * 24 * 60 * minute;
        var rng = new Random(20261123);
        foreach (var series in DemoSeries.All)
        {
            if (!series.Key.IsPlainMetric) await catalog.SaveTestAsync(series.Key.Test, new TestDefinition(series.Variants[0], $"Demo test {series.Key.Test}"), cancellationToken);
            await catalog.SaveMetricAsync(series.Key, series.Definition, cancellationToken);
            await rollups.WriteAsync(History(series, start, end, rng), cancellationToken);
        }

        LogSeeded(logger, DemoSeries.All.Count, options.Value.HistoryDays, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static RollupFlush History(DemoSeries series, long start, long end, Random rng)
    {
        const long minute = 60_000_000L;
        var rows = new List<RollupRow>();
        var seen = new List<VariantSeen>();
        var users = series.Users;
        var totals = new UnitTotals[users?.Count ?? 0];
        for (var v = 0; v < series.Variants.Length; v++)
        {
            for (var t = start; t < end; t += minute)
            {
                var stats = new SummaryStats();
                for (var i = 0; i < PointsPerMinute; i++)
                {
                    var (user, value) = series.Next(v, rng);
                    stats.Add(value);
                    if (user < 0) continue;
                    totals[user].Sum += value;
                    totals[user].Points++;
                }

                rows.Add(new RollupRow(Resolution.Minute, v, t / minute, stats));
            }

            seen.Add(new VariantSeen(v, start, end - 1));
        }

        // The users' totals go with the rollups, as a flush writes them: the history is then per user too.
        var units = new List<(int, ulong, long, double)>();
        for (var u = 0; u < totals.Length; u++)
            if (totals[u].Points > 0) units.Add((users!.Variant(u), users.UnitHash(u), totals[u].Points, totals[u].Sum));

        CoarserRollups.Add(rows, Resolution.Minute);
        return new RollupFlush(series.Key, 0, series.Variants, rows, seen, UnitPart.Split(units));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {SeriesCount} demo series with {Days} days of history in {ElapsedMilliseconds} ms")]
    private static partial void LogSeeded(ILogger logger, int seriesCount, int days, long elapsedMilliseconds);
}
