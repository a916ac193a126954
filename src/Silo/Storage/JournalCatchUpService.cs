using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TSMetrics.Grains;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Silo.Storage;

/// <summary>
/// Brings every journal row to the rollups without waiting for traffic: at start (the whole journal) and
/// then every <see cref="StorageOptions.CatchUpInterval"/> (rows written since the last scan), it finds
/// series with rows a live grain would have flushed by now and activates their grains, which fold the rows
/// and flush them. History reads count such rows at once anyway (they add the unflushed journal tail); this
/// keeps that tail short and gets every point into the rollups before raw retention drops its chunk.
/// Every silo runs it; two silos asking the same grain to catch up cost one extra call, nothing more.
/// </summary>
public sealed partial class JournalCatchUpService(
    UnflushedSeriesFinder finder,
    IGrainFactory grains,
    IOptions<StorageOptions> options,
    IOptions<SeriesWindowOptions> window,
    TimeProvider time,
    ILogger<JournalCatchUpService> logger) : BackgroundService
{
    private const int ParallelGrains = 8;

    // A row's written time is its transaction's start: a COPY that waited long for a lock commits rows
    // older than the previous cut-off, so each scan reaches back this far before it (flushed rows cost nothing).
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private DateTime _since = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>One scan: catches up every stale series found; returns how many there were.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var unitFlushInterval = window.Value.UnitFlushInterval;
        var (cutoff, series) = await finder.FindAsync(_since, options.Value.CatchUpAge, unitFlushInterval, cancellationToken);
        var failed = 0;
        await Parallel.ForEachAsync(series, new ParallelOptions { MaxDegreeOfParallelism = ParallelGrains, CancellationToken = cancellationToken }, async (key, token) =>
        {
            try
            {
                await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).CatchUpAsync(token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                LogSeriesFailed(logger, exception, key);
            }
        });

        // Scanned rows are not looked at again unless a series failed, so a failure is retried next time.
        // The unit totals' cut-off is a unit flush interval earlier, so the next scan reaches back that much further.
        if (failed == 0) _since = cutoff - Overlap - unitFlushInterval;
        if (series.Count > 0) LogCaughtUp(logger, series.Count - failed, failed);
        return series.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CatchUpInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogScanFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up {SeriesCount} series whose journal ran past their rollups ({FailedCount} failed, retried on the next scan)")]
    private static partial void LogCaughtUp(ILogger logger, int seriesCount, int failedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Series {SeriesKey} could not catch up with its journal; retried on the next scan")]
    private static partial void LogSeriesFailed(ILogger logger, Exception exception, SeriesKey seriesKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning the journal for series to catch up failed; retried on the next interval")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
