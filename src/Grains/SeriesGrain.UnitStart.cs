using Microsoft.Extensions.Logging;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains;

/// <summary>The unit-level window: unit totals count points from the test's start, rebuilt when it changes.</summary>
public sealed partial class SeriesGrain
{
    // The start the stored and in-memory unit totals were computed for; the window's UnitStartMicros is the
    // start new points fold with. They differ from a SetUnitStartAsync call until its rebuild has swapped.
    private long? _unitsSince;
    private Task<bool>? _rebuild;

    public async Task SetUnitStartAsync(long? startMicros, CancellationToken cancellationToken = default)
    {
        // Points folded from this turn on already count from the new start; the rebuild replaces the rest.
        _window.UnitStartMicros = startMicros;
        if (!await RebuildUnitsAsync())
            throw new StorageUnavailableException($"Rebuilding the unit totals of {_key} failed; the next flush tick retries.");
    }

    private Task TickAsync(CancellationToken cancellationToken)
    {
        // A running rebuild flushes itself; a start not yet rebuilt (a failed rebuild) is retried in place of the flush.
        if (_rebuild is { IsCompleted: false }) return Task.CompletedTask;
        return _window.UnitStartMicros != _unitsSince ? RebuildUnitsAsync() : FlushAsync(withUnits: false, cancellationToken);
    }

    // One rebuild at a time. A start that moved while one ran is rebuilt again once it ends.
    private async Task<bool> RebuildUnitsAsync()
    {
        while (true)
        {
            if (_rebuild is { IsCompleted: false } running)
            {
                await running;
                continue;
            }

            if (_window.UnitStartMicros == _unitsSince) return true;
            if (!await (_rebuild = RebuildOnceAsync())) return false;
        }
    }

    /// <summary>
    /// Flushes, then replaces the stored unit totals with the journal's totals up to that flush's watermark W,
    /// and swaps memory to them plus the pending units.
    /// </summary>
    /// <remarks>
    /// Why no point is counted twice or lost, with ingest and queries interleaving: the flush takes every
    /// pending unit folded up to W and writes W; a write whose fold comes later has a sequence above W (writes
    /// fold in order, and an uncertain one is settled before the flush takes its rows), so it lands in the
    /// pending units, folded with the new start. No other flush runs until the swap (<see cref="FlushAsync"/>
    /// returns the rebuild), so storage holds exactly the rebuilt totals of writes up to W with watermark W,
    /// and memory the same plus the pending units, which the next flush adds to storage. The swap is one
    /// synchronous turn after the commit; should anything fail first, memory and the stored start are left
    /// as they were and a later tick, or the next activation (the stored start still differs), rebuilds again.
    /// </remarks>
    private async Task<bool> RebuildOnceAsync()
    {
        var start = _window.UnitStartMicros;
        try
        {
            if (_flush is { IsCompleted: false } running) await running;
            if (!await (_flush = FlushOnceAsync(withUnits: true, CancellationToken.None))) return false;
            var rebuilt = await unitRebuilder.RebuildAsync(_key, _flushedSeq, start, windowOptions.Value.MaxUnitsPerSeries, CancellationToken.None);
            _window.ReplaceUnits(rebuilt.Units.Select(u => (u.Variant, u.UnitHash, u.Points, u.Sum)), rebuilt.RefusedPoints);
            _unitsSince = start;
            LogUnitsRebuilt(logger, _key, rebuilt.Units.Count, start);
            return true;
        }
        catch (Exception exception)
        {
            LogRebuildFailed(logger, exception, _key);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Series {SeriesKey} rebuilt {UnitCount} unit totals from the journal, counting from {StartMicros}")]
    private static partial void LogUnitsRebuilt(ILogger logger, SeriesKey seriesKey, int unitCount, long? startMicros);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the unit totals of series {SeriesKey} for its test's start failed; retried on the next tick")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception, SeriesKey seriesKey);
}
