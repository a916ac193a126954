using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Grains;

/// <summary>
/// One (A/B test, metric). Ingest writes the points to the journal first and folds them into memory only
/// once they are durable (see <see cref="SeriesWritePipeline"/>), so memory never shows a point storage
/// could lose; a timer flushes memory's unflushed buckets to the rollups.
/// </summary>
/// <remarks>
/// Reentrant by decision: while one journal write is in flight, further ingest calls interleave and
/// queue their batches for the next write, and queries and the flush timer run against memory meanwhile.
/// Every turn runs on the grain's scheduler, so the state needs no locks; state changes across an await
/// only in the write loop and the flush, each of which has a single instance in flight.
/// </remarks>
[Reentrant]
public sealed partial class SeriesGrain(
    PointJournal journal,
    RollupWriter rollups,
    SeriesLoader loader,
    UnitTotalsRebuilder unitRebuilder,
    CatalogStore catalog,
    IOptions<SeriesWindowOptions> windowOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider time,
    ILogger<SeriesGrain> logger) : Grain, ISeriesGrain
{
    // A live chart needs a sample, not a firehose: beyond this many points per write, the rest are not pushed.
    private const int MaxLivePointsPerWrite = 1_000;

    private readonly SeriesWindow _window = new(windowOptions.Value);
    private SeriesWritePipeline _writes = null!;
    private BatchIdWindow _batchIds = null!;
    private SeriesKey _key;
    private MetricDefinition _definition = MetricDefinition.Undefined;
    private long _flushedSeq;
    private long _unitsSeq;
    private long _unitsFlushedAtMicros;
    private Task<bool>? _flush;
    // The rows the running flush took from pending: until they commit, live answers take their users from here.
    private List<RollupRow>? _flushingRows;
    private long _sendPointsUntilMicros;
    private SeriesTelemetry? _telemetry;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = SeriesKey.Parse(this.GetPrimaryKeyString());
        var now = NowMicros();
        var snapshot = await loader.LoadAsync(_key, windowOptions.Value, storageOptions.Value.DedupeWindow, now, cancellationToken);
        _batchIds = new BatchIdWindow(UnixTime.ToMicros(storageOptions.Value.DedupeWindow));
        foreach (var (batchId, written) in snapshot.RecentBatchIds) _batchIds.Add(batchId, written, now);
        _writes = new SeriesWritePipeline(_key, _window, journal, loader, _batchIds, time, logger, NotifyTest)
        {
            LastSeq = snapshot.LastSeq,
            FoldedSeq = snapshot.LastSeq,
        };
        _definition = snapshot.Definition;
        _window.KeepsQuantiles = QuantileDefaults.Keeps(_key.Metric, _definition);
        foreach (var stored in snapshot.Rollups)
            _window.LoadFlushed(stored.Resolution, stored.Variant, stored.BucketIndex, stored.Stats, stored.Bins, stored.Categories);
        foreach (var (variant, hash, points, sum) in snapshot.Units) _window.LoadUnit(variant, hash, points, sum);
        _unitsSince = snapshot.UnitsSinceMicros;
        _window.UnitStartMicros = snapshot.TestStartMicros;
        // In the rollups already, not yet in the stored unit totals: they become pending units again.
        foreach (var batch in snapshot.UnitsOnly) _window.FoldUnits(batch);
        foreach (var batch in snapshot.Unflushed) _window.Fold(batch, now);
        _flushedSeq = snapshot.FlushedSeq;
        _unitsSeq = snapshot.UnitsSeq;
        _unitsFlushedAtMicros = now;
        LogActivated(logger, _key, snapshot.Rollups.Count, snapshot.Unflushed.Count);

        try
        {
            await GrainFactory.GetGrain<ITestGrain>(_key.TestGrainKey).RegisterMetricAsync(_key.Metric);
        }
        catch (Exception exception)
        {
            // Live views learn of the metric from its next write too; ingest must not depend on them.
            LogRegisterFailed(logger, exception, _key);
        }

        var period = windowOptions.Value.FlushInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(period, period) { Interleave = true });
        _telemetry = SeriesTelemetry.Register(time);
        // The test's start changed while this series was not active (or its rebuild failed): rebuild now; on failure the timer retries.
        await RebuildUnitsAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.WhenIdleAsync();
        }
        catch (Exception exception)
        {
            // Its callers got the error; the flush below still saves what was stored.
            LogLastWriteFailed(logger, exception, _key);
        }

        await FlushEverythingAsync(cancellationToken);
        _telemetry?.Unregister();
    }

    public Task<int> IngestAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        // The client's cancellation does not stop the write: once queued, the points are stored and counted.
        var hasSummaries = CheckBatch(batch);
        return hasSummaries && !_window.KeepsQuantiles && _definition.Percentiles is null ? KeepPercentilesThenIngestAsync(batch) : _writes.IngestAsync(batch);
    }

    // A series fed histograms keeps percentiles (their bins are what a histogram is for): a metric whose
    // definition does not choose is defined with percentiles on, stored before the first histogram is, so a
    // restart folds the journal alike. Points folded before keep what they counted (no bins).
    private async Task<int> KeepPercentilesThenIngestAsync(PointBatch batch)
    {
        if (_definition.Percentiles is null) await DefineAsync(_definition with { Percentiles = true });
        return await _writes.IngestAsync(batch);
    }

    public Task<LiveSeries> GetLiveSeriesAsync(LiveSeriesRequest request, CancellationToken cancellationToken = default)
    {
        var now = NowMicros();
        var (coveredFrom, variants) = _window.Query(request, now, _flushingRows);
        return Task.FromResult(new LiveSeries(coveredFrom, _definition.Unit, variants, _window.KeepsQuantiles)
        {
            HistoryVersion = _writes.HistoryVersion,
            StableBeforeMicros = now - LiveSeries.LateHorizonMicros,
        });
    }

    public Task<WindowTotals> GetWindowAsync(long fromMicros, long toMicros, CancellationToken cancellationToken = default)
    {
        var (coveredFrom, coveredTo, variants) = _window.Totals(fromMicros, toMicros, NowMicros());
        return Task.FromResult(new WindowTotals(_key.Metric, _definition, coveredFrom, coveredTo, variants, _window.UnitTotals(), _window.RefusedUnitPoints, _window.CrossedUnits, _unitsSince));
    }

    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        if (!await FlushEverythingAsync(CancellationToken.None))
            throw new StorageUnavailableException($"Flushing {_key} to the rollups failed; the journal still holds its points.");
    }

    public Task SendPointsUntilAsync(long untilMicros)
    {
        _sendPointsUntilMicros = Math.Max(_sendPointsUntilMicros, untilMicros);
        return Task.CompletedTask;
    }

    public async Task DefineAsync(MetricDefinition definition, CancellationToken cancellationToken = default)
    {
        await catalog.SaveMetricAsync(_key, definition, cancellationToken);
        _definition = definition;
        // From the next point on; buckets already filled keep what they counted.
        _window.KeepsQuantiles = QuantileDefaults.Keeps(_key.Metric, definition);
    }

    public Task<SeriesMemory> GetMemoryAsync(CancellationToken cancellationToken = default) => Task.FromResult(Footprint());

    public Task<MetricDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_definition);

    // A flush (or a rebuild, which flushes first) already running may have taken its rows before the last
    // fold: wait until neither runs, then flush again in the same turn.
    private async Task<bool> FlushEverythingAsync(CancellationToken cancellationToken)
    {
        while ((_rebuild is { IsCompleted: false } ? _rebuild : _flush is { IsCompleted: false } ? _flush : null) is { } running) await running;
        return await FlushAsync(withUnits: true, cancellationToken);
    }

    // One flush at a time: a caller arriving meanwhile shares the running one. During a rebuild none starts:
    // the rebuild flushes first and then replaces the stored unit totals, which a flush in between would add to.
    // A timer tick writes the unit totals once TSMetrics:Window:UnitFlushInterval has passed since they were
    // last written; everything else that flushes (deactivation, catch-up) writes them at once.
    private Task<bool> FlushAsync(bool withUnits, CancellationToken cancellationToken)
    {
        if (_rebuild is { IsCompleted: false } rebuilding) return rebuilding;
        if (_flush is { IsCompleted: false } running) return running;
        withUnits |= NowMicros() - _unitsFlushedAtMicros >= UnixTime.ToMicros(windowOptions.Value.UnitFlushInterval);
        return _flush = FlushOnceAsync(withUnits, cancellationToken);
    }

    private async Task<bool> FlushOnceAsync(bool withUnits, CancellationToken cancellationToken)
    {
        var rows = new List<RollupRow>();
        var seen = new List<VariantSeen>();
        var units = withUnits ? new List<UnitRow>() : null;
        try
        {
            // The watermark must never pass a write that may exist but is not folded yet.
            await _writes.ResolveUncertainWritesAsync();
            var started = _telemetry?.BeginFlush() ?? 0;
            _window.CollectPending(rows, seen, units);
            _flushingRows = rows;
            var seq = _writes.FoldedSeq;
            // A unit flush with no units still moves their watermark, or activations would replay ever more journal.
            var write = rows.Count != 0 || seq != _flushedSeq || (units is not null && (units.Count != 0 || seq != _unitsSeq));
            var parts = units is null ? null : _window.UnitParts(units);
            if (write) await rollups.WriteAsync(new RollupFlush(_key, seq, _window.VariantNames(), rows, seen, parts, _window.Categories.Names()), cancellationToken);
            _flushedSeq = seq;
            if (units is not null) (_unitsSeq, _unitsFlushedAtMicros) = (seq, NowMicros());
            _telemetry?.EndFlush(started, succeeded: true, wrote: write, _window.UnitCount, Footprint().EstimatedBytes);
            return true;
        }
        catch (Exception exception)
        {
            _telemetry?.EndFlush(0, succeeded: false, wrote: false, _window.UnitCount, 0);
            // Kept for the next flush; the journal still holds these points should the silo stop first.
            _window.RestorePending(rows, seen, units ?? []);
            LogFlushFailed(logger, exception, _key, rows.Count);
            return false;
        }
        finally
        {
            _flushingRows = null;
        }
    }

    // One-way, after the callers are answered: live subscribers hear of the change without slowing ingest.
    private void NotifyTest(List<PointBatch> batches)
    {
        _telemetry?.Stored();
        var points = _sendPointsUntilMicros > NowMicros() ? LivePoints(batches) : null;
        GrainFactory.GetGrain<ITestGrain>(_key.TestGrainKey).SeriesChangedAsync(_key.Metric, points).Ignore();
    }

    private LivePoint[] LivePoints(List<PointBatch> batches)
    {
        var count = 0;
        foreach (var batch in batches) count += batch.Points.Length;
        var points = new LivePoint[Math.Min(count, MaxLivePointsPerWrite)];
        var at = 0;
        foreach (var batch in batches)
        {
            foreach (ref readonly var point in batch.Points.AsSpan())
            {
                if (at == points.Length) return points;
                points[at++] = new LivePoint(_key.Metric, batch.Variants[point.VariantIndex], point.UnixMicros, point.Value, point.Category, point.Summary);
            }
        }

        return points;
    }

    // The gateway validates points for users; this guards the grain's own invariants before anything is
    // stored. Returns whether the batch has summary (histogram) points.
    private static bool CheckBatch(PointBatch batch)
    {
        var variants = batch.Variants.Length;
        var summaries = false;
        foreach (ref readonly var point in batch.Points.AsSpan())
        {
            if ((uint)point.VariantIndex >= (uint)variants)
                throw new ArgumentException($"A point refers to variant {point.VariantIndex} of {variants}.", nameof(batch));
            if (point.Category is null && !double.IsFinite(point.Value))
                throw new ArgumentException("A point value is not a finite number.", nameof(batch));
            if (point.Summary is not { } summary) continue;
            if (point.Category is not null || summary.Count < 1 || summary.BinKeys.Length != summary.BinCounts.Length
                || !double.IsFinite(summary.Min) || !double.IsFinite(summary.Max) || !double.IsFinite(summary.M2))
                throw new ArgumentException("A summary point needs a count of at least 1, finite extremes and M2, and one count per bin.", nameof(batch));
            summaries = true;
        }

        return summaries;
    }

    // What the series holds that grows with its data and traffic: the window and the batch ids of the dedupe window.
    private SeriesMemory Footprint()
    {
        var window = WindowFootprint.Of(_window);
        return window with { EstimatedBytes = window.EstimatedBytes + _batchIds.EstimatedBytes };
    }

    private long NowMicros() => UnixTime.ToMicros(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Debug, Message = "Series {SeriesKey} activated with {RollupCount} stored buckets and {UnflushedCount} unflushed journal rows")]
    private static partial void LogActivated(ILogger logger, SeriesKey seriesKey, int rollupCount, int unflushedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Series {SeriesKey} could not register with its test grain; live views will learn of it later")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, SeriesKey seriesKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last journal write of series {SeriesKey} failed while it deactivated")]
    private static partial void LogLastWriteFailed(ILogger logger, Exception exception, SeriesKey seriesKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flush of {RowCount} rollup rows for series {SeriesKey} failed; retried on the next tick")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, SeriesKey seriesKey, int rowCount);
}
