using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TSMetrics.Grains;

namespace TSMetrics.Silo.Diagnostics;

/// <summary>
/// Logs the live managed heap after a forced full collection, and the working set, every interval. Only the
/// heap after a full collection says what the silo holds; the working set also counts what the GC keeps for later.
/// Beside them, the active series' own estimate of what they hold, so a reader can tell data from overhead.
/// </summary>
public sealed partial class HeapReportService(IOptions<HeapReportOptions> options, ILogger<HeapReportService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HeapReportInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            var (series, seriesBytes) = ActiveSeriesMemory.Totals();
            LogHeap(logger, heap, process.WorkingSet64, series, seriesBytes);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heap report: managed heap {HeapBytes} bytes after a full collection, working set {WorkingSetBytes} bytes; {SeriesCount} active series estimated to hold {SeriesBytes} bytes")]
    private static partial void LogHeap(ILogger logger, long heapBytes, long workingSetBytes, long seriesCount, long seriesBytes);
}
